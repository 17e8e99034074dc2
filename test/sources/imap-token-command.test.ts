// accessTokenCommand and accessTokenFile, run and read for real (/bin/sh, a temporary directory):
// what a login gets, and the errors, which never hold the token.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseImapConfig } from '../../src/config/imap.js';
import { loginOf } from '../../src/sources/imap/credentials.js';
import { startPollers } from '../../src/sources/imap/index.js';
import { runTokenCommand } from '../../src/sources/imap/token-command.js';
import { tempStore } from '../helpers.js';
import { alive } from '../helpers/dovecot.js';
import { captureLogger, waitFor } from '../helpers/imap.js';

const dir = mkdtempSync(join(tmpdir(), 'rebound-token-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const server = { host: 'imap.example.test', user: 'bounces@example.test' };
const mailbox = (o: object) => parseImapConfig([{ ...server, ...o }])[0]!;
const SECRET = 'ya29.secret-token-value';

describe('accessTokenCommand', () => {
  it('runs by /bin/sh -c with the environment: its trimmed output is the token', async () => {
    process.env.REBOUND_TEST_TOKEN = SECRET;
    expect(await loginOf(mailbox({ accessTokenCommand: 'printf "  %s\\n\\n" "$REBOUND_TEST_TOKEN" | cat' }))).toEqual({ user: server.user, accessToken: SECRET });
    delete process.env.REBOUND_TEST_TOKEN;
  });

  it('a failing command: its status and the last line it wrote on stderr, never its output', async () => {
    const cmd = `echo ${SECRET}; echo 'starting' >&2; echo 'no credentials found' >&2; exit 3`;
    const err = await loginOf(mailbox({ accessTokenCommand: cmd })).catch((e: Error) => e);
    expect((err as Error).message).toBe('accessTokenCommand exited with status 3: no credentials found');
    await expect(runTokenCommand('exit 1')).rejects.toThrow(/^accessTokenCommand exited with status 1$/);
    await expect(runTokenCommand('/nonexistent/oauth2l fetch')).rejects.toThrow(/^accessTokenCommand exited with status 127: .*not found/);
  });

  it('empty output, or more than the token, is refused', async () => {
    await expect(loginOf(mailbox({ accessTokenCommand: 'echo; echo "  "' }))).rejects.toThrow('accessTokenCommand printed no access token (nothing but white space)');
    const two = await loginOf(mailbox({ accessTokenCommand: `echo 'Updating credentials...'; echo ${SECRET}` })).catch((e: Error) => e);
    expect((two as Error).message).toBe('accessTokenCommand printed more than one word: expected the access token alone');
    await expect(runTokenCommand('head -c 70000 /dev/zero | tr "\\0" a')).rejects.toThrow('accessTokenCommand printed more than 65536 bytes');
  });

  it('a command that hangs is given up after the timeout, with what it started', async () => {
    const pidFile = join(dir, 'sleep.pid');
    const t0 = Date.now();
    // the shell starts a sleep of its own, which would hold the pipe open if it were left behind
    await expect(runTokenCommand(`sleep 30 & echo $! > ${pidFile}; wait`, { timeoutMs: 300 })).rejects.toThrow('accessTokenCommand timed out after 0.3 s');
    expect(Date.now() - t0).toBeLessThan(5_000);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await expect.poll(() => alive(pid), { timeout: 3_000 }).toBe(false);
  });

  it('stopping the poller ends a command still running, at once', async () => {
    const t = await tempStore();
    const started = join(dir, 'started');
    const cfg = mailbox({ host: '127.0.0.1', accessTokenCommand: `echo $$ > ${started}; sleep 30` });
    const pollers = startPollers(t.ctx, [cfg], { logger: captureLogger().logger });
    try {
      await waitFor('the command to start', () => existsSync(started) && readFileSync(started, 'utf8').endsWith('\n'));
      const t0 = Date.now();
      await pollers.stop();
      expect(Date.now() - t0).toBeLessThan(2_000);
      const shell = Number(readFileSync(started, 'utf8'));
      await expect.poll(() => alive(shell), { timeout: 3_000 }).toBe(false);
      expect(pollers.status()[0]).toMatchObject({ connected: false, consecutiveFailures: 0 });
    } finally {
      await t.cleanup();
    }
  });
});

describe('accessTokenFile', () => {
  it('is read at each login: a rewritten file gives the new token', async () => {
    const file = join(dir, 'token');
    writeFileSync(file, `${SECRET}-1\n`);
    const cfg = mailbox({ accessTokenFile: file });
    expect(await loginOf(cfg)).toEqual({ user: server.user, accessToken: `${SECRET}-1` });
    writeFileSync(file, `${SECRET}-2\n`);
    expect(await loginOf(cfg)).toEqual({ user: server.user, accessToken: `${SECRET}-2` });
  });

  it('missing or empty: an error naming the file', async () => {
    const missing = join(dir, 'not-yet');
    await expect(loginOf(mailbox({ accessTokenFile: missing }))).rejects.toThrow(`accessTokenFile ${missing} cannot be read (ENOENT)`);
    const empty = join(dir, 'empty');
    writeFileSync(empty, '\n');
    await expect(loginOf(mailbox({ accessTokenFile: empty }))).rejects.toThrow(`accessTokenFile ${empty} holds no access token (nothing but white space)`);
  });
});
