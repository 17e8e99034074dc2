import { afterAll, describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { configError, configFromEnv } from '../helpers/config.js';
import { makeTestCa } from '../helpers/test-ca.js';

// a real key and certificate: the settings check that they are readable and belong together
const dir = mkdtempSync(join(tmpdir(), 'rebound-smtp-config-'));
const pair = makeTestCa(dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const smtpConfigFromEnv = (env: Record<string, string>) => configFromEnv(env).smtp;
const errorOf = (env: Record<string, string>) => configError(() => smtpConfigFromEnv(env));

describe('the smtp section from REBOUND_SMTP_* and REBOUND_VERP_*', () => {
  it('needs nothing: loopback port 2525, 10 MB, any domain, no keys', () => {
    const c = smtpConfigFromEnv({});
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 2525,
      domains: [],
      maxSize: 10 * 1024 * 1024,
      hostname: hostname(),
      maxClients: 100,
      commit: { windowMs: 0, maxBatch: 256 },
    });
    expect(c.tls).toBeUndefined();
    expect(configFromEnv({}).returnPath).toEqual({ prefix: 'bounces', keys: [], ttlDays: 30, unsignedLocalParts: ['postmaster', 'abuse'] });
  });

  it('reads every variable', () => {
    const c = smtpConfigFromEnv({
      REBOUND_SMTP_HOST: '0.0.0.0',
      REBOUND_SMTP_PORT: '25',
      REBOUND_SMTP_DOMAINS: ' Bounce.Example.com, bücher.example ,',
      REBOUND_SMTP_MAX_SIZE: '1000',
      REBOUND_SMTP_HOSTNAME: 'mx.bounce.example.com',
      REBOUND_SMTP_TLS_KEY: pair.keyFile,
      REBOUND_SMTP_TLS_CERT: pair.certFile,
      REBOUND_SMTP_MAX_CLIENTS: '7',
      REBOUND_SMTP_SOCKET_TIMEOUT_MS: '1000',
      REBOUND_SMTP_CLOSE_TIMEOUT_MS: '2000',
      REBOUND_SMTP_MAX_RECIPIENTS: '3',
      REBOUND_SMTP_MAX_MESSAGES: '9',
      REBOUND_SMTP_COMMIT_WINDOW_MS: '2',
      REBOUND_SMTP_COMMIT_MAX: '64',
      REBOUND_VERP_KEYS: 'new:0123456789abcdef0123, old:fedcba9876543210:with-colon',
      REBOUND_VERP_PREFIX: 'rb',
      REBOUND_VERP_TTL_DAYS: '60',
    });
    expect(c).toMatchObject({
      host: '0.0.0.0',
      port: 25,
      domains: ['bounce.example.com', 'xn--bcher-kva.example'],
      maxSize: 1000,
      hostname: 'mx.bounce.example.com',
      tls: { key: pair.keyFile, cert: pair.certFile },
      maxClients: 7,
      socketTimeoutMs: 1000,
      closeTimeoutMs: 2000,
      maxRecipients: 3,
      maxMessagesPerSession: 9,
      commit: { windowMs: 2, maxBatch: 64 },
    });
    expect(configFromEnv({ REBOUND_VERP_KEYS: 'new:0123456789abcdef0123, old:fedcba9876543210:with-colon', REBOUND_VERP_PREFIX: 'rb', REBOUND_VERP_TTL_DAYS: '60' }).returnPath).toMatchObject({
      prefix: 'rb',
      ttlDays: 60,
      keys: [
        { id: 'new', secret: '0123456789abcdef0123' },
        { id: 'old', secret: 'fedcba9876543210:with-colon' },
      ],
    });
    expect(configFromEnv({ REBOUND_VERP_SECRET: '0123456789abcdef' }).returnPath.keys).toEqual([{ id: 'default', secret: '0123456789abcdef' }]);
  });

  it('names the variable at fault', () => {
    expect(errorOf({ REBOUND_SMTP_PORT: '99999' })).toMatchObject({ name: 'ConfigError', setting: 'REBOUND_SMTP_PORT' });
    expect(errorOf({ REBOUND_SMTP_PORT: '99999' }).message).toBe('REBOUND_SMTP_PORT: got 99999: a port is 0-65535');
    expect(errorOf({ REBOUND_SMTP_MAX_SIZE: '10MB' }).message).toBe('REBOUND_SMTP_MAX_SIZE: got "10MB", expected a whole number');
    expect(errorOf({ REBOUND_SMTP_MAX_SIZE: '0' }).setting).toBe('REBOUND_SMTP_MAX_SIZE');
    expect(errorOf({ REBOUND_SMTP_COMMIT_WINDOW_MS: '5000' }).setting).toBe('REBOUND_SMTP_COMMIT_WINDOW_MS');
    expect(errorOf({ REBOUND_SMTP_TLS_KEY: '/k.pem' }).message).toBe('REBOUND_SMTP_TLS_CERT: not set: required');
    // the files are read when the settings are checked: missing, not PEM, or not a pair
    const tls = (key: string, cert: string) => errorOf({ REBOUND_SMTP_TLS_KEY: key, REBOUND_SMTP_TLS_CERT: cert }).message;
    expect(tls(join(dir, 'none.pem'), pair.certFile)).toBe(`REBOUND_SMTP_TLS_KEY: got ${JSON.stringify(join(dir, 'none.pem'))}: cannot be read (ENOENT)`);
    expect(tls(pair.certFile, pair.certFile)).toMatch(/^REBOUND_SMTP_TLS_KEY: .*holds no usable private key \(PEM\)$/);
    expect(tls(pair.keyFile, pair.keyFile)).toMatch(/^REBOUND_SMTP_TLS_CERT: .*holds no usable certificate \(PEM\)$/);
    expect(tls(pair.keyFile, pair.caFile)).toMatch(/^REBOUND_SMTP_TLS_CERT: .*is not the certificate of the key in tls\.key$/);
    expect(errorOf({ REBOUND_VERP_SECRET: 'short' }).message).toBe('REBOUND_VERP_SECRET: got (hidden): a secret has at least 16 characters');
    expect(errorOf({ REBOUND_VERP_KEYS: 'a:short' }).message).toBe('REBOUND_VERP_KEYS: got (hidden): a secret has at least 16 characters');
    expect(errorOf({ REBOUND_VERP_SECRET: '0123456789abcdef', REBOUND_VERP_KEYS: 'a:0123456789abcdef' }).setting).toBe('REBOUND_VERP_SECRET');
    expect(errorOf({ REBOUND_VERP_KEYS: 'a:0123456789abcdef,a:0123456789abcdeg' }).message).toMatch(/key id a is given twice/);
    expect(errorOf({ REBOUND_VERP_KEYS: ':0123456789abcdef' }).setting).toBe('REBOUND_VERP_KEYS');
    expect(errorOf({ REBOUND_VERP_PREFIX: 'a b' }).setting).toBe('REBOUND_VERP_PREFIX');
  });
});
