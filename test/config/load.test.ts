// loadConfig: which file is read, what the environment overrides, and errors that name the key (or
// the variable), the value and what was expected, for each kind of mistake.
import { describe, it, expect, afterEach } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { allVariableNames } from '../../src/config/env-names.js';
import { configError } from '../helpers/config.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh working directory with `files` (relative name → TOML text) in it. */
function workdir(files: Record<string, string> = {}): string {
  dir = mkdtempSync(join(tmpdir(), 'rebound-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('loadConfig', () => {
  it('reads the file, fills in the defaults, and lets a variable win over a key', () => {
    const cwd = workdir({
      'rebound.toml': `
[store]
path = "/var/lib/rebound/r.db"
[policy.soft]
minBounces = 5
[smtp]
port = 25
domains = ["bounce.example.com"]
[smtp.commit]
windowMs = 3
[[smtp.returnPath.keys]]
id = "k1"
secret = "0123456789abcdef-k1"
[http]
port = 8025
[log]
level = "warn"
`,
    });
    const c = loadConfig({ file: 'rebound.toml', cwd, env: { REBOUND_SMTP_PORT: '2526', REBOUND_SMTP_COMMIT_MAX: '32', REBOUND_POLICY_SOFT_MIN_DAYS: '4' } });
    expect(c.source).toMatchObject({ file: join(cwd, 'rebound.toml'), from: '--config', env: ['REBOUND_POLICY_SOFT_MIN_DAYS', 'REBOUND_SMTP_PORT', 'REBOUND_SMTP_COMMIT_MAX'] });
    expect(c.store.path).toBe('/var/lib/rebound/r.db');
    expect(c.policy.soft).toMatchObject({ minBounces: 5, minDays: 4, windowDays: 14 });
    expect(c.smtp).toMatchObject({ port: 2526, domains: ['bounce.example.com'], commit: { windowMs: 3, maxBatch: 32 }, host: '127.0.0.1' });
    // the old table [smtp.returnPath] is read as [returnPath], with a warning
    expect(c.returnPath.keys).toEqual([{ id: 'k1', secret: '0123456789abcdef-k1' }]);
    expect(c.source.deprecated).toEqual(['[smtp.returnPath] is now [returnPath] (same keys): rename the table']);
    expect(c.http).toMatchObject({ port: 8025, host: '127.0.0.1' });
    expect(c.log.level).toBe('warn');
    expect(c.imap).toEqual([]);
    // a list from a variable replaces the file's
    expect(loadConfig({ file: 'rebound.toml', cwd, env: { REBOUND_SMTP_DOMAINS: 'a.example,b.example' } }).smtp.domains).toEqual(['a.example', 'b.example']);
    // REBOUND_VERP_SECRET replaces the file's keys
    expect(loadConfig({ file: 'rebound.toml', cwd, env: { REBOUND_VERP_SECRET: 'another-secret-0123' } }).returnPath.keys).toEqual([{ id: 'default', secret: 'another-secret-0123' }]);
  });

  it('reads [returnPath] without a warning, and refuses it given twice (also as [smtp.returnPath])', () => {
    const keys = '[[returnPath.keys]]\nid = "k1"\nsecret = "0123456789abcdef-k1"\n';
    const cwd = workdir({ 'new.toml': `[returnPath]\nprefix = "rb"\n${keys}`, 'both.toml': `${keys}[smtp.returnPath]\nprefix = "rb"\n` });
    const c = loadConfig({ file: 'new.toml', cwd, env: {} });
    expect(c.returnPath).toMatchObject({ prefix: 'rb', keys: [{ id: 'k1', secret: '0123456789abcdef-k1' }], ttlDays: 30 });
    expect(c.source.deprecated).toEqual([]);
    expect(() => loadConfig({ file: 'both.toml', cwd, env: {} })).toThrow(/smtp\.returnPath.*given twice/);
  });

  it('looks for --config, then REBOUND_CONFIG, then ./config/rebound.toml, then takes the defaults', () => {
    const cwd = workdir({
      'a.toml': '[smtp]\nport = 1001\n',
      'b.toml': '[smtp]\nport = 1002\n',
      'config/rebound.toml': '[smtp]\nport = 1003\n',
    });
    expect(loadConfig({ file: 'a.toml', cwd, env: { REBOUND_CONFIG: 'b.toml' } }).smtp.port).toBe(1001);
    const b = loadConfig({ cwd, env: { REBOUND_CONFIG: join(cwd, 'b.toml') } });
    expect([b.smtp.port, b.source.from]).toEqual([1002, 'REBOUND_CONFIG']);
    const d = loadConfig({ cwd, env: {} });
    expect([d.smtp.port, d.source.from, d.source.file]).toEqual([1003, 'default', join(cwd, 'config/rebound.toml')]);
    rmSync(join(cwd, 'config/rebound.toml'));
    const none = loadConfig({ cwd, env: {} });
    expect([none.smtp.port, none.source.file, none.source.from]).toEqual([2525, null, null]);
    // a file that was named must exist: no silent fall-back to the defaults
    expect(configError(() => loadConfig({ file: 'missing.toml', cwd, env: {} })).message).toBe('--config: got "missing.toml": expected a configuration file, and there is no such file');
    expect(configError(() => loadConfig({ cwd, env: { REBOUND_CONFIG: 'config' } })).message).toMatch(/^REBOUND_CONFIG: got "config": expected a configuration file, and this is not a file/);
  });

  it('takes [[imap]] mailboxes; REBOUND_IMAP_* set the first, or make it', () => {
    const cwd = workdir({
      'r.toml': `
[[imap]]
host = "imap.one.example"
user = "bounces@one.example"
pass = "one-password"
[[imap]]
host = "imap.two.example"
user = "bounces@two.example"
accessToken = "two-token"
action = "flag"
`,
    });
    const [one, two] = loadConfig({ file: 'r.toml', cwd, env: { REBOUND_IMAP_MAILBOX: 'Bounces', REBOUND_IMAP_IDLE: 'false' } }).imap;
    expect(one).toMatchObject({ host: 'imap.one.example', mailbox: 'Bounces', idle: false, port: 993, name: 'bounces@one.example@imap.one.example/Bounces' });
    expect(two).toMatchObject({ host: 'imap.two.example', action: 'flag', mailbox: 'INBOX', idle: true });
    const only = loadConfig({ cwd, env: { REBOUND_IMAP_HOST: 'h.example', REBOUND_IMAP_USER: 'u', REBOUND_IMAP_PASS: 'p', REBOUND_IMAP_BATCH_SIZE: '7' } }).imap;
    expect(only).toHaveLength(1);
    expect(only[0]).toMatchObject({ host: 'h.example', batchSize: 7 });
    // an error in the second mailbox names it; in the first, the variable that set it
    const bad = workdir({ 'r.toml': '[[imap]]\nhost = "h"\nuser = "u"\npass = "p"\n[[imap]]\nhost = "h2"\nuser = "u"\npass = "p"\nbatchSize = 0\n' });
    expect(configError(() => loadConfig({ file: 'r.toml', cwd: bad, env: {} })).message).toBe('imap[1].batchSize: got 0: too small: expected number to be >=1');
    expect(configError(() => loadConfig({ file: 'r.toml', cwd: bad, env: { REBOUND_IMAP_ACTION: 'archive' } })).message).toMatch(/^REBOUND_IMAP_ACTION: got "archive": invalid option/);
  });

  it('names an unknown section or key, a wrong type, an impossible value, with the value given', () => {
    const cwd = workdir({
      'section.toml': '[smpt]\nport = 25\n',
      'key.toml': '[smtp]\nport = 25\nmaxsize = 1000\n',
      'nested.toml': '[webhook.backoff]\ninitialMS = 5\n',
      'type.toml': '[http]\nport = "8025"\n',
      'value.toml': '[policy.soft]\nminBounces = 0\n',
      'cross.toml': '[http]\nport = 8025\nhost = "0.0.0.0"\n',
      'secret.toml': '[webhook]\nurls = ["https://hooks.example/a"]\nsecret = "hunter2"\n',
      'shape.toml': '[imap]\nhost = "h"\n',
      'toplevel.toml': 'port = 25\n',
      'syntax.toml': '[smtp]\nport = 25\nhost = 127.0.0.1\n',
    });
    const err = (file: string, env: Record<string, string> = {}) => configError(() => loadConfig({ file, cwd, env }));
    expect(err('section.toml')).toMatchObject({ setting: 'smpt', file: join(cwd, 'section.toml'), message: 'smpt: unknown section: expected one of store, policy, classify, smtp, returnPath, spool, host, imap, http, webhook, events, forward, export, ui, log' });
    expect(err('key.toml')).toMatchObject({ setting: 'smtp.maxsize', message: 'smtp.maxsize: unknown key (a misspelling?)', file: join(cwd, 'key.toml') });
    expect(err('nested.toml').message).toBe('webhook.backoff.initialMS: unknown key (a misspelling?)');
    expect(err('type.toml').message).toBe('http.port: got "8025": invalid input: expected number, received string');
    expect(err('value.toml').message).toBe('policy.soft.minBounces: got 0: too small: expected number to be >=1');
    expect(err('cross.toml').message).toMatch(/^http\.token: not set: required: the API would listen on 0\.0\.0\.0/);
    const secret = err('secret.toml');
    expect(secret.message).toBe('webhook.secret: got (hidden): expected at least 16 characters');
    expect(err('shape.toml').message).toBe('imap: got a table: expected [[imap]] tables, one per mailbox');
    expect(err('toplevel.toml').message).toMatch(/^port: unknown section/);
    const syntax = err('syntax.toml');
    expect(syntax.message).toMatch(new RegExp(`^${join(cwd, 'syntax.toml').replace(/[.]/g, '\\.')}: line 3, column \\d+: not valid TOML: `));
    expect(syntax.file).toBe(join(cwd, 'syntax.toml'));
    // the same mistakes from variables name the variable
    expect(err('type.toml', { REBOUND_HTTP_PORT: 'http' }).message).toBe('REBOUND_HTTP_PORT: got "http", expected a whole number');
    expect(err('value.toml', { REBOUND_POLICY_SOFT_MIN_BOUNCES: '0' }).message).toBe('REBOUND_POLICY_SOFT_MIN_BOUNCES: got 0: too small: expected number to be >=1');
    expect(err('type.toml', { REBOUND_HTTP_PORT: '8025', REBOUND_HTTP_HOST: '0.0.0.0' }).message).toMatch(/^http\.token: not set: required/);
    expect(configError(() => loadConfig({ cwd, env: { REBOUND_HTTP_HOST: '0.0.0.0' } })).message).toMatch(/^REBOUND_HTTP_TOKEN: not set: required/);
    expect(configError(() => loadConfig({ cwd, env: { REBOUND_LOG_LEVEL: 'loud' } })).message).toMatch(/^REBOUND_LOG_LEVEL: got "loud": invalid option: expected one of "fatal"/);
    expect(configError(() => loadConfig({ cwd, env: { REBOUND_POLICY_HARD_SUPPRESS: 'sometimes' } })).message).toBe('REBOUND_POLICY_HARD_SUPPRESS: got "sometimes", expected true or false');
  });

  it('refuses settings that contradict each other, and a bounce domain that is not a domain name, naming the keys', () => {
    const cwd = workdir({
      'days.toml': '[policy.soft]\nminDays = 5\nwindowDays = 3\n',
      'reasons.toml': '[policy]\nsenderReasons = ["blocked", "mailboxfull"]\n',
      'domain.toml': '[smtp]\ndomains = ["bounce.example.com", "not/a@domain"]\n',
    });
    const err = (file: string | undefined, env: Record<string, string> = {}) => configError(() => loadConfig({ file, cwd, env }));
    expect(err('days.toml').message).toBe('policy.soft.minDays: got 5: more days than policy.soft.windowDays (3): soft bounces could never suppress an address');
    expect(err(undefined, { REBOUND_POLICY_SOFT_MIN_DAYS: '15' }).message).toMatch(/^REBOUND_POLICY_SOFT_MIN_DAYS: got 15: more days than policy\.soft\.windowDays \(14\)/);
    expect(err('reasons.toml').message).toBe('policy.senderReasons: got ["blocked","mailboxfull"]: mailboxfull also in policy.soft.reasons: a reason counts against the address or against the sender, not both');
    expect(err(undefined, { REBOUND_POLICY_SOFT_REASONS: 'mailboxfull,blocked' }).message).toMatch(/^REBOUND_POLICY_SOFT_REASONS: got \["mailboxfull","blocked"\]: blocked also in policy\.senderReasons: /);
    expect(err(undefined, { REBOUND_POLICY_SOFT_WINDOW_DAYS: '1' }).message).toBe('REBOUND_POLICY_SOFT_WINDOW_DAYS: got 1: fewer days than policy.soft.minDays (2): soft bounces could never suppress an address');
    expect(err('domain.toml').message).toBe('smtp.domains[1]: got "not/a@domain": not a domain name (e.g. bounce.example.com)');
    for (const bad of ['bounce example.com', 'a..b', 'http://bounce.example.com', '-x.example']) {
      expect(err(undefined, { REBOUND_SMTP_DOMAINS: bad }).message, bad).toBe(`REBOUND_SMTP_DOMAINS: got ${JSON.stringify(bad)}: not a domain name (e.g. bounce.example.com)`);
    }
    // what a domain may look like: Unicode (kept in ASCII form), a leading @, a final dot
    expect(loadConfig({ cwd, env: { REBOUND_SMTP_DOMAINS: 'Bücher.example,@bounce.test,mx.example.org.' } }).smtp.domains).toEqual(['xn--bcher-kva.example', 'bounce.test', 'mx.example.org']);
  });

  it('keeps every variable name the earlier releases documented, and tells which REBOUND_* set nothing', () => {
    const names = allVariableNames();
    const documented = [
      'REBOUND_DB_PATH', 'REBOUND_LOG_LEVEL',
      'REBOUND_SMTP_HOST', 'REBOUND_SMTP_PORT', 'REBOUND_SMTP_DOMAINS', 'REBOUND_SMTP_MAX_SIZE', 'REBOUND_SMTP_HOSTNAME', 'REBOUND_SMTP_TLS_KEY',
      'REBOUND_SMTP_TLS_CERT', 'REBOUND_SMTP_MAX_CLIENTS', 'REBOUND_SMTP_SOCKET_TIMEOUT_MS', 'REBOUND_SMTP_CLOSE_TIMEOUT_MS', 'REBOUND_SMTP_MAX_RECIPIENTS',
      'REBOUND_SMTP_MAX_MESSAGES', 'REBOUND_SMTP_COMMIT_WINDOW_MS', 'REBOUND_SMTP_COMMIT_MAX',
      'REBOUND_VERP_SECRET', 'REBOUND_VERP_KEYS', 'REBOUND_VERP_PREFIX', 'REBOUND_VERP_TTL_DAYS',
      'REBOUND_IMAP_HOST', 'REBOUND_IMAP_PORT', 'REBOUND_IMAP_SECURE', 'REBOUND_IMAP_USER', 'REBOUND_IMAP_PASS', 'REBOUND_IMAP_ACCESS_TOKEN', 'REBOUND_IMAP_MAILBOX',
      'REBOUND_HTTP_PORT', 'REBOUND_HTTP_HOST', 'REBOUND_HTTP_TOKEN', 'REBOUND_HTTP_MAX_MESSAGE_BYTES', 'REBOUND_HTTP_PAGE_LIMIT', 'REBOUND_HTTP_MAX_PAGE_LIMIT',
      'REBOUND_HTTP_REQUEST_TIMEOUT_MS',
      'REBOUND_WEBHOOK_URLS', 'REBOUND_WEBHOOK_SECRET', 'REBOUND_WEBHOOK_EVENTS', 'REBOUND_WEBHOOK_TIMEOUT_MS', 'REBOUND_WEBHOOK_CONCURRENCY',
      'REBOUND_WEBHOOK_BACKOFF_INITIAL_MS', 'REBOUND_WEBHOOK_BACKOFF_MAX_MS', 'REBOUND_WEBHOOK_MAX_AGE_HOURS', 'REBOUND_WEBHOOK_POLL_INTERVAL_MS', 'REBOUND_WEBHOOK_KEEP_DAYS',
      'REBOUND_EXPORT_PATH', 'REBOUND_EXPORT_FORMAT', 'REBOUND_EXPORT_TYPES', 'REBOUND_EXPORT_DOMAIN', 'REBOUND_EXPORT_INTERVAL_SECONDS',
    ];
    expect(documented.filter((n) => !names.has(n))).toEqual([]);
    const cwd = workdir();
    const c = loadConfig({ cwd, env: { REBOUND_SMTP_MAX_MESSAGES_PER_SESSION: '5', REBOUND_DB_PATH: '/tmp/x.db', PATH: '/bin' } });
    expect(c.source.unknownEnv).toEqual(['REBOUND_SMTP_MAX_MESSAGES_PER_SESSION']);
    expect(c.smtp.maxMessagesPerSession).toBe(1000);
    expect(c.store.path).toBe('/tmp/x.db');
  });
});
