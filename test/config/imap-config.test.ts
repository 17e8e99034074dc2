import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseImapConfig } from '../../src/config/imap.js';
import { configFromEnv } from '../helpers/config.js';

const files = mkdtempSync(join(tmpdir(), 'rebound-imap-config-'));
const CA = join(files, 'ca.pem');
writeFileSync(CA, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
const NOT_PEM = join(files, 'key.der');
writeFileSync(NOT_PEM, Buffer.from([0x30, 0x82, 0x01, 0x0a]));

const imapConfigFromEnv = (env: Record<string, string>) => configFromEnv(env).imap;

const base = { host: 'imap.example.test', user: 'bounces@example.test', pass: 'secret' };

describe('imap configuration', () => {
  it('fills in the defaults', () => {
    const [m] = parseImapConfig([base]);
    expect(m).toEqual({
      ...base,
      name: 'bounces@example.test@imap.example.test/INBOX',
      port: 993,
      secure: true,
      allowPlaintext: false,
      tlsRejectUnauthorized: true,
      mailbox: 'INBOX',
      action: 'move',
      moveTo: 'Processed',
      notBounceAction: 'leave',
      pollIntervalMs: 60_000,
      idle: true,
      batchSize: 250,
      maxMessageBytes: 10 * 1024 * 1024,
    });
    expect(parseImapConfig([{ ...base, secure: false }])[0]!.port).toBe(143);
  });

  it('takes an OAuth2 access token, or a command or file giving one, instead of a password: exactly one of them', () => {
    const oauth = { host: 'imap.gmail.com', user: 'b@example.test' };
    const [m] = parseImapConfig([{ ...oauth, accessToken: 'ya29.token' }]);
    expect(m!.accessToken).toBe('ya29.token');
    expect(m!.pass).toBeUndefined();
    expect(parseImapConfig([{ ...oauth, accessTokenCommand: 'oauth2l fetch --scope mail' }])[0]).toMatchObject({ accessTokenCommand: 'oauth2l fetch --scope mail' });
    // the file is read before each login, not now: the program that writes it may start later
    expect(parseImapConfig([{ ...oauth, accessTokenFile: '/run/rebound/token' }])[0]).toMatchObject({ accessTokenFile: '/run/rebound/token' });
    const one = 'give exactly one of pass, accessToken, accessTokenCommand, accessTokenFile';
    expect(() => parseImapConfig([{ ...base, accessToken: 't' }])).toThrow(`imap[0].accessToken: got (hidden): ${one}`);
    expect(() => parseImapConfig([{ ...base, accessTokenFile: '/t' }])).toThrow(`imap[0].accessTokenFile: got "/t": ${one}`);
    expect(() => parseImapConfig([{ ...oauth, accessTokenCommand: 'c', accessTokenFile: '/t' }])).toThrow(`imap[0].accessTokenFile: got "/t": ${one}`);
    expect(() => parseImapConfig([{ host: 'h', user: 'u' }])).toThrow(`imap[0].pass: not set: ${one}`);
  });

  it('plain text is allowed on a loopback host only, unless said otherwise', () => {
    const allow = (o: object) => parseImapConfig([{ ...base, secure: false, ...o }])[0]!.allowPlaintext;
    expect(allow({})).toBe(false);
    expect(allow({ host: '127.0.0.1' })).toBe(true);
    expect(allow({ host: 'localhost' })).toBe(true);
    expect(allow({ host: '::1' })).toBe(true);
    expect(allow({ host: '127.0.0.1', allowPlaintext: false })).toBe(false);
    expect(allow({ allowPlaintext: true })).toBe(true);
  });

  it('a private CA: tlsCaFile must be a readable PEM file, checked at start', () => {
    expect(parseImapConfig([{ ...base, tlsCaFile: CA, tlsRejectUnauthorized: false }])[0]).toMatchObject({ tlsCaFile: CA, tlsRejectUnauthorized: false });
    const missing = join(files, 'nope.pem');
    expect(() => parseImapConfig([{ ...base, tlsCaFile: missing }])).toThrow(`imap[0].tlsCaFile: got ${JSON.stringify(missing)}: cannot be read (ENOENT)`);
    expect(() => parseImapConfig([{ ...base, tlsCaFile: files }])).toThrow(`imap[0].tlsCaFile: got ${JSON.stringify(files)}: cannot be read (EISDIR)`);
    expect(() => parseImapConfig([{ ...base, tlsCaFile: NOT_PEM }])).toThrow(/^imap\[0\]\.tlsCaFile: got ".*key\.der": holds no certificate: expected PEM/);
  });

  it('names the key at fault', () => {
    const bad = (o: object, re: RegExp) => {
      let err: unknown;
      try {
        parseImapConfig([base, { ...base, mailbox: 'Other', ...o }]);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toMatch(re);
    };
    bad({ port: 70000 }, /^imap\[1\]\.port: /);
    bad({ action: 'archive' }, /^imap\[1\]\.action: /);
    bad({ notBounceAction: 'delete' }, /^imap\[1\]\.notBounceAction: /);
    bad({ batchSize: 0 }, /^imap\[1\]\.batchSize: /);
    bad({ pollIntervalMs: 5 }, /^imap\[1\]\.pollIntervalMs: /);
    bad({ colour: 'red' }, /^imap\[1\]\.colour: unknown key/);
    bad({ mailbox: 'INBOX' }, /^imap\[1\]\.mailbox: .*configured twice/);
    bad({ moveTo: 'Other' }, /^imap\[1\]\.moveTo: /);
  });
});

describe('imap configuration from the environment', () => {
  it('is empty when no REBOUND_IMAP_* variable is set', () => {
    expect(imapConfigFromEnv({ PATH: '/bin' })).toEqual([]);
  });

  it('reads one mailbox', () => {
    const [m] = imapConfigFromEnv({
      REBOUND_IMAP_HOST: 'imap.example.test',
      REBOUND_IMAP_PORT: '10143',
      REBOUND_IMAP_SECURE: 'false',
      REBOUND_IMAP_USER: 'bounces@example.test',
      REBOUND_IMAP_PASS: 'secret',
      REBOUND_IMAP_MAILBOX: 'Bounces',
    });
    expect(m).toMatchObject({ host: 'imap.example.test', port: 10143, secure: false, user: 'bounces@example.test', pass: 'secret', mailbox: 'Bounces', action: 'move' });
    const [o] = imapConfigFromEnv({ REBOUND_IMAP_HOST: 'h', REBOUND_IMAP_USER: 'u', REBOUND_IMAP_ACCESS_TOKEN: 'tok', REBOUND_IMAP_SECURE: 'yes' });
    expect(o).toMatchObject({ accessToken: 'tok', secure: true, port: 993 });
  });

  it('reads the TLS and token-source settings', () => {
    const [m] = imapConfigFromEnv({
      REBOUND_IMAP_HOST: 'imap.example.test',
      REBOUND_IMAP_USER: 'u',
      REBOUND_IMAP_ACCESS_TOKEN_COMMAND: 'cat "/run/token file"',
      REBOUND_IMAP_TLS_CA_FILE: CA,
      REBOUND_IMAP_TLS_REJECT_UNAUTHORIZED: 'false',
      REBOUND_IMAP_ALLOW_PLAINTEXT: 'yes',
    });
    expect(m).toMatchObject({ accessTokenCommand: 'cat "/run/token file"', tlsCaFile: CA, tlsRejectUnauthorized: false, allowPlaintext: true });
    const [f] = imapConfigFromEnv({ REBOUND_IMAP_HOST: 'h', REBOUND_IMAP_USER: 'u', REBOUND_IMAP_ACCESS_TOKEN_FILE: '/run/token' });
    expect(f).toMatchObject({ accessTokenFile: '/run/token' });
  });

  it('names the variable at fault', () => {
    const env = { REBOUND_IMAP_HOST: 'h', REBOUND_IMAP_USER: 'u', REBOUND_IMAP_PASS: 'p' };
    expect(() => imapConfigFromEnv({ ...env, REBOUND_IMAP_PORT: 'imap' })).toThrow('REBOUND_IMAP_PORT: got "imap", expected a whole number');
    expect(() => imapConfigFromEnv({ ...env, REBOUND_IMAP_PORT: '99999' })).toThrow(/^REBOUND_IMAP_PORT: got 99999: too big/);
    expect(() => imapConfigFromEnv({ ...env, REBOUND_IMAP_SECURE: 'maybe' })).toThrow('REBOUND_IMAP_SECURE: got "maybe", expected true or false');
    expect(() => imapConfigFromEnv({ REBOUND_IMAP_USER: 'u', REBOUND_IMAP_PASS: 'p' })).toThrow('REBOUND_IMAP_HOST: not set: required');
    const one = 'give exactly one of pass, accessToken, accessTokenCommand, accessTokenFile';
    expect(() => imapConfigFromEnv({ REBOUND_IMAP_HOST: 'h', REBOUND_IMAP_USER: 'u' })).toThrow(`REBOUND_IMAP_PASS: not set: ${one}`);
    expect(() => imapConfigFromEnv({ ...env, REBOUND_IMAP_ACCESS_TOKEN: 't' })).toThrow(`REBOUND_IMAP_ACCESS_TOKEN: got (hidden): ${one}`);
    expect(() => imapConfigFromEnv({ ...env, REBOUND_IMAP_TLS_CA_FILE: '/nonexistent/ca.pem' })).toThrow(
      'REBOUND_IMAP_TLS_CA_FILE: got "/nonexistent/ca.pem": cannot be read (ENOENT)',
    );
  });
});
