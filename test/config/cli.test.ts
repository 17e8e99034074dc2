// `rebound config check | print` and `serve` with a configuration file, as the built CLI in a child
// process: exit status 0 or 2, the key (or variable) named, secrets never printed.
import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import SQLite from 'better-sqlite3';
import { buildCli, runCli } from '../helpers/cli-process.js';
import { hard } from '../helpers.js';

let cli: string;
beforeAll(() => {
  cli = buildCli('test-config');
}, 120_000);

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function workdir(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'rebound-config-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const SECRETS = {
  token: 'http-token-0123456789',
  hook: 'webhook-secret-0123456789',
  verp: 'verp-secret-0123456789',
  imap: 'imap-password-0123',
};

const GOOD = `
[store]
path = "data/r.db"
[smtp]
port = 2626
domains = ["bounce.example.com"]
[[returnPath.keys]]
id = "k1"
secret = "${SECRETS.verp}"
[[imap]]
host = "imap.example.com"
user = "bounces@example.com"
pass = "${SECRETS.imap}"
[http]
port = 8025
token = "${SECRETS.token}"
[webhook]
urls = ["https://hooks.example/rebound"]
secret = "${SECRETS.hook}"
[export]
path = "out/suppressed.txt"
`;

describe('rebound config check', () => {
  it('says which file it read, exit 0: --config, REBOUND_CONFIG, ./config/rebound.toml, or none', async () => {
    const cwd = workdir({ 'a.toml': GOOD, 'config/rebound.toml': '[smtp]\nport = 2727\n' });
    const named = await runCli(cli, ['--config', 'a.toml', 'config', 'check'], {}, cwd);
    expect(named).toMatchObject({ code: 0, stdout: `configuration ok: ${join(cwd, 'a.toml')} (--config)\n`, stderr: '' });
    const env = await runCli(cli, ['config', 'check'], { REBOUND_CONFIG: join(cwd, 'a.toml'), REBOUND_SMTP_PORT: '25' }, cwd);
    expect(env).toMatchObject({ code: 0, stdout: `configuration ok: ${join(cwd, 'a.toml')} (REBOUND_CONFIG), 1 setting from the environment\n` });
    const local = await runCli(cli, ['config', 'check'], {}, cwd);
    expect(local).toMatchObject({ code: 0, stdout: `configuration ok: ${join(cwd, 'config/rebound.toml')} (default)\n` });
    const none = await runCli(cli, ['config', 'check'], { REBOUND_SMTP_MAX_MESSAGES_PER_SESSION: '3' }, join(cwd, 'config'));
    expect(none).toMatchObject({ code: 0, stdout: 'configuration ok: no configuration file, built-in defaults\n' });
    expect(none.stderr).toBe('rebound: warning: REBOUND_SMTP_MAX_MESSAGES_PER_SESSION is not a setting and is ignored (a misspelling?)\n');
  }, 60_000);

  it('exit 2 naming the section, key or variable, the value and what was expected', async () => {
    const cwd = workdir({
      'section.toml': '[smpt]\nport = 25\n',
      'key.toml': '[smtp]\nport = 25\nmaxsize = 1000\n',
      'type.toml': '[webhook]\ntimeoutMs = "ten seconds"\n',
      'value.toml': '[smtp]\nport = 70000\n',
      'syntax.toml': '[smtp]\nport = 25\nhost = 127.0.0.1\n',
      'secret.toml': '[http]\nport = 8025\ntoken = "hunter2"\n',
      'ca.toml': '[[imap]]\nhost = "imap.example.com"\nuser = "u"\npass = "p"\ntlsCaFile = "company-ca.pem"\n',
    });
    const check = (file: string, env: Record<string, string> = {}) => runCli(cli, ['--config', file, 'config', 'check'], env, cwd);
    const expectations: Array<[string, RegExp]> = [
      ['section.toml', /^rebound: bad setting smpt: unknown section: expected one of store, policy, classify, smtp, returnPath, spool, host, imap, http, webhook, events, forward, export, ui, log \(in .*section\.toml\)\n$/],
      ['key.toml', /^rebound: bad setting smtp\.maxsize: unknown key \(a misspelling\?\) \(in .*key\.toml\)\n$/],
      ['type.toml', /^rebound: bad setting webhook\.timeoutMs: got "ten seconds": invalid input: expected number, received string \(in .*type\.toml\)\n$/],
      ['value.toml', /^rebound: bad setting smtp\.port: got 70000: a port is 0-65535 \(in .*value\.toml\)\n$/],
      ['syntax.toml', /^rebound: .*syntax\.toml: line 3, column \d+: not valid TOML: /],
      ['secret.toml', /^rebound: bad setting http\.token: got \(hidden\): expected at least 16 characters \(in .*secret\.toml\)\n$/],
      ['ca.toml', /^rebound: bad setting imap\[0\]\.tlsCaFile: got "company-ca\.pem": cannot be read \(ENOENT\) \(in .*ca\.toml\)\n$/],
    ];
    for (const [file, re] of expectations) {
      const r = await check(file);
      expect(r.code, file).toBe(2);
      expect(r.stdout, file).toBe('');
      expect(r.stderr, file).toMatch(re);
    }
    expect((await check('secret.toml')).stderr).not.toContain('hunter2');
    // a variable wins over the file, and is the one named
    const env = await check('value.toml', { REBOUND_SMTP_PORT: 'twenty-five' });
    expect(env).toMatchObject({ code: 2, stderr: 'rebound: bad setting REBOUND_SMTP_PORT: got "twenty-five", expected a whole number\n' });
    const missing = await check('nope.toml');
    expect(missing).toMatchObject({ code: 2, stderr: 'rebound: bad setting --config: got "nope.toml": expected a configuration file, and there is no such file\n' });
  }, 60_000);

  it('serve refuses to start on a bad file, exit 2 with the key named', async () => {
    const cwd = workdir({ 'bad.toml': '[http]\nport = 8025\nhost = "0.0.0.0"\n', 'unknown.toml': '[webhook]\nurl = "https://hooks.example/"\n' });
    const open = await runCli(cli, ['--config', 'bad.toml', 'serve'], {}, cwd);
    expect(open.code).toBe(2);
    expect(open.stderr).toMatch(/^rebound: bad setting http\.token: not set: required: the API would listen on 0\.0\.0\.0/);
    const unknown = await runCli(cli, ['--config', 'unknown.toml', 'serve'], {}, cwd);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringMatching(/^rebound: bad setting webhook\.url: unknown key/) });
    // a start that fails half-way (the API's port is taken) undoes what it started and exits 2
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as AddressInfo).port;
    writeFileSync(join(cwd, 'taken.toml'), `[store]\npath = "r.db"\n[smtp]\nport = 0\n[http]\nport = ${port}\n`);
    const busy = await runCli(cli, ['--config', 'taken.toml', 'serve'], {}, cwd);
    taken.close();
    expect(busy).toMatchObject({ code: 2, stderr: expect.stringMatching(/rebound: cannot start: .*EADDRINUSE/) });
    // the other commands read the same configuration
    const ingest = await runCli(cli, ['--config', 'unknown.toml', 'stats'], {}, cwd);
    expect(ingest).toMatchObject({ code: 2, stderr: expect.stringMatching(/webhook\.url: unknown key/) });
  }, 60_000);
});

describe('rebound config print', () => {
  it('prints the effective configuration with secrets masked, as TOML or JSON', async () => {
    const cwd = workdir({ 'r.toml': GOOD });
    const env = { REBOUND_SMTP_PORT: '2525', REBOUND_HTTP_PAGE_LIMIT: '50' };
    const toml = await runCli(cli, ['--config', 'r.toml', '--db', '/srv/other.db', 'config', 'print'], env, cwd);
    expect(toml.code).toBe(0);
    for (const s of Object.values(SECRETS)) expect(toml.stdout).not.toContain(s);
    expect(toml.stdout).toMatch(/^# read from .*r\.toml \(--config\)\n# set by the environment: REBOUND_SMTP_PORT, REBOUND_HTTP_PAGE_LIMIT\n/);
    const t = parse(toml.stdout) as Record<string, any>;
    expect(t.store.path).toBe('/srv/other.db'); // --db wins
    expect(t.smtp).toMatchObject({ port: 2525, domains: ['bounce.example.com'] });
    expect(t.returnPath).toMatchObject({ keys: [{ id: 'k1', secret: '********' }] });
    expect(t.http).toMatchObject({ port: 8025, token: '********', pageLimit: 50 });
    expect(t.webhook.secret).toBe('********');
    expect(t.imap[0]).toMatchObject({ host: 'imap.example.com', pass: '********', port: 993, mailbox: 'INBOX' });
    expect(t.export.files).toEqual([{ path: 'out/suppressed.txt', format: 'txt' }]);
    const json = await runCli(cli, ['--config', 'r.toml', 'config', 'print', '--json'], env, cwd);
    expect(json.code).toBe(0);
    for (const s of Object.values(SECRETS)) expect(json.stdout).not.toContain(s);
    const j = JSON.parse(json.stdout);
    expect(j).toEqual({ ...t, store: { path: 'data/r.db' } });
  }, 60_000);

  it('prints a file that reads back as the same configuration', async () => {
    const cwd = workdir({ 'r.toml': '[smtp]\nport = 2600\ndomains = ["b.example"]\n[policy.soft]\nreasons = ["mailboxfull"]\n[export]\npath = "x.txt"\nformat = "postfix"\n' });
    const first = await runCli(cli, ['--config', 'r.toml', 'config', 'print'], {}, cwd);
    writeFileSync(join(cwd, 'printed.toml'), first.stdout);
    const again = await runCli(cli, ['--config', 'printed.toml', 'config', 'print', '--json'], {}, cwd);
    const once = await runCli(cli, ['--config', 'r.toml', 'config', 'print', '--json'], {}, cwd);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(JSON.parse(once.stdout));
  }, 60_000);
});

describe('the other commands', () => {
  it('take the store, the policy and the webhooks from the file: a manual suppression is queued for serve to deliver', async () => {
    const cwd = workdir({
      'r.toml': `[store]\npath = "data/r.db"\n[policy.hard]\nsuppress = false\n[webhook]\nurls = ["https://hooks.example/a"]\nsecret = "${SECRETS.hook}"\n`,
    });
    writeFileSync(join(cwd, 'bounce.eml'), hard('gone@dest.example'));
    // the file's policy: a hard bounce does not suppress
    expect((await runCli(cli, ['--config', 'r.toml', 'ingest', 'bounce.eml'], {}, cwd)).code).toBe(0);
    expect(await runCli(cli, ['--config', 'r.toml', 'check', 'gone@dest.example'], {}, cwd)).toMatchObject({ code: 0 });
    const r = await runCli(cli, ['--config', 'r.toml', 'suppress', 'ceo@example.com', '--reason', 'asked'], {}, cwd);
    expect(r.code).toBe(0);
    const db = new SQLite(join(cwd, 'data/r.db'), { readonly: true });
    try {
      const rows = db.prepare('select event_type, url, state from webhook_outbox').all();
      expect(rows).toEqual([{ event_type: 'suppression.created', url: 'https://hooks.example/a', state: 'pending' }]);
    } finally {
      db.close();
    }
    // REBOUND_DB_PATH wins over the file's store.path, and --db over both
    const env = await runCli(cli, ['--config', 'r.toml', 'config', 'print', '--json'], { REBOUND_DB_PATH: '/srv/env.db' }, cwd);
    expect(JSON.parse(env.stdout).store.path).toBe('/srv/env.db');
    const flag = await runCli(cli, ['--config', 'r.toml', '--db', '/srv/flag.db', 'config', 'print', '--json'], { REBOUND_DB_PATH: '/srv/env.db' }, cwd);
    expect(JSON.parse(flag.stdout).store.path).toBe('/srv/flag.db');
  }, 60_000);
});
