// `rebound poll --once` as cron runs it: settings from the environment, a real Dovecot, a real
// database file; exit status 0, 1 (a mailbox failed) or 2 (unusable settings).
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hard, tempStore, type TempStore } from '../helpers.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { type Dovecot, freePort, skipWithoutDovecot, startDovecot } from '../helpers/dovecot.js';
import { append, listMailbox, personal } from '../helpers/imap.js';

beforeAll(() => ensureBuilt(['cli/poll.js']), 180_000);

let d: Dovecot | undefined;
let t: TempStore | undefined;
afterEach(async () => {
  await d?.cleanup();
  await t?.cleanup();
  d = t = undefined;
});

describe('rebound poll: settings', () => {
  it('names the bad variable, exit 2', async () => {
    const env = { REBOUND_IMAP_HOST: 'imap.example.test', REBOUND_IMAP_USER: 'u', REBOUND_IMAP_PASS: 'p' };
    const port = await runCli(['poll', '--once'], { ...env, REBOUND_IMAP_PORT: 'imap' });
    expect(port.status).toBe(2);
    expect(port.stderr).toContain('REBOUND_IMAP_PORT: got "imap", expected a whole number');
    const secure = await runCli(['poll', '--once'], { ...env, REBOUND_IMAP_SECURE: 'perhaps' });
    expect(secure.status).toBe(2);
    expect(secure.stderr).toContain('REBOUND_IMAP_SECURE');
    const pass = await runCli(['poll', '--once'], { REBOUND_IMAP_HOST: 'h', REBOUND_IMAP_USER: 'u' });
    expect(pass.status).toBe(2);
    expect(pass.stderr).toContain('REBOUND_IMAP_PASS: not set: give exactly one of pass, accessToken, accessTokenCommand, accessTokenFile');
  });

  it('says so when no mailbox is configured, or --once is missing, exit 2', async () => {
    const none = await runCli(['poll', '--once'], {});
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/no IMAP mailbox configured/);
    const noOnce = await runCli(['poll'], { REBOUND_IMAP_HOST: 'h', REBOUND_IMAP_USER: 'u', REBOUND_IMAP_PASS: 'p' });
    expect(noOnce.status).toBe(2);
    expect(noOnce.stderr).toMatch(/--once/);
  });

  it('a mailbox that cannot be reached: exit 1, the error in the result', async () => {
    t = await tempStore();
    const port = String(await freePort());
    const env = { REBOUND_IMAP_HOST: '127.0.0.1', REBOUND_IMAP_PORT: port, REBOUND_IMAP_SECURE: 'false', REBOUND_IMAP_USER: 'u', REBOUND_IMAP_PASS: 'p' };
    const r = await runCli(['--db', join(t.dir, 'cli.db'), 'poll', '--once', '--json'], env);
    expect(r.status).toBe(1);
    const [o] = JSON.parse(r.stdout) as Array<{ ok: boolean; error: string }>;
    expect(o).toMatchObject({ ok: false });
    expect(o!.error).toMatch(/ECONNREFUSED/);
  });
});

describe.skipIf(skipWithoutDovecot())('rebound poll --once (Dovecot)', { timeout: 60_000 }, () => {
  it('ingests and moves the bounces, leaves the rest; a second run finds nothing new', async () => {
    d = await startDovecot();
    t = await tempStore();
    await append(d, 'INBOX', [hard('gone@dest.example'), personal('Lunch?')]);
    const env = {
      REBOUND_IMAP_HOST: d.host,
      REBOUND_IMAP_PORT: String(d.port),
      REBOUND_IMAP_SECURE: 'false',
      REBOUND_IMAP_USER: d.user,
      REBOUND_IMAP_PASS: d.pass,
      REBOUND_DB_PATH: join(t.dir, 'cli.db'),
    };
    const r = await runCli(['poll', '--once', '--json'], env);
    expect(r.status).toBe(0);
    const [o] = JSON.parse(r.stdout) as Array<{ ok: boolean; result: Record<string, unknown> }>;
    expect(o).toMatchObject({ ok: true, result: { messages: 2, new: 2, acted: 1, left: 1 } });
    expect(await listMailbox(d, 'Processed')).toHaveLength(1);
    expect(await listMailbox(d, 'INBOX')).toEqual([{ uid: 2, seen: false, subject: 'Lunch?' }]);

    const again = await runCli(['poll', '--once'], env);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/: 0 messages \(0 new, 0 duplicates\), 0 acted on, 0 left in place, 0 over the size cap\n$/);

    const check = await runCli(['check', 'gone@dest.example', '--json'], env);
    expect(check.status).toBe(1);
    expect(JSON.parse(check.stdout)).toMatchObject({ sendable: false, suppression: { type: 'hard' } });
  });
});
