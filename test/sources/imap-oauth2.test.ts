// An OAuth2 access token instead of a password (XOAUTH2, as Gmail and Microsoft 365 take it), against
// a Dovecot that validates the tokens itself: a JWT signed with a key only the test and the server know.
// The token is given as it is, printed by a command before each login, or read from a file that
// another program keeps fresh.
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Pollers, pollOnce, startPollers } from '../../src/sources/imap/index.js';
import { hard, tempStore, type TempStore } from '../helpers.js';
import { type Dovecot, skipWithoutDovecot, startDovecot } from '../helpers/dovecot.js';
import { append, captureLogger, listMailbox, mailboxConfig, waitFor } from '../helpers/imap.js';

let d: Dovecot | undefined;
let t: TempStore | undefined;
let pollers: Pollers | undefined;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rebound-oauth2-'));
});
afterEach(async () => {
  await pollers?.stop();
  pollers = undefined;
  await d?.cleanup();
  await t?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const b64u = (b: Buffer | string) => Buffer.from(b).toString('base64url');
let serial = 0;

/** A JWT Dovecot accepts when signed with its key, until `ttlSeconds` from now (negative: expired). */
function accessToken(key: Buffer, email: string, ttlSeconds = 600): string {
  const now = Math.floor(Date.now() / 1000);
  const from = Math.min(now, now + ttlSeconds - 60);
  const head = b64u(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  // jti: each token is another one, even within the same second
  const body = b64u(JSON.stringify({ sub: 'rebound-test', email, jti: String(++serial), iat: from, nbf: from, exp: now + ttlSeconds }));
  return `${head}.${body}.${b64u(createHmac('sha256', key).update(`${head}.${body}`).digest())}`;
}

/**
 * A token command, as `sh SCRIPT`: each run appends a line to `calls` and prints the next of
 * `tokens` (minted here, each a new one), as a real one fetches a fresh token each time.
 */
function tokenCommand(tokens: string[]): { command: string; calls: () => number } {
  tokens.forEach((tok, i) => writeFileSync(join(dir, `token.${i + 1}`), `${tok}\n`));
  writeFileSync(join(dir, 'calls'), '');
  writeFileSync(join(dir, 'token.sh'), 'd=$(dirname "$0")\necho call >> "$d/calls"\ncat "$d/token.$(wc -l < "$d/calls" | tr -d " ")"\n');
  return { command: `sh '${join(dir, 'token.sh')}'`, calls: () => readFileSync(join(dir, 'calls'), 'utf8').split('\n').filter(Boolean).length };
}

const oauth2Logins = () => d!.log().split('\n').filter((l) => / Login: .*method=XOAUTH2/.test(l));
const count = () => (t!.store.sqlite.prepare('select count(*) as n from messages').get() as { n: number }).n;
const fast = { backoff: { baseMs: 50, maxMs: 400 } };

describe.skipIf(skipWithoutDovecot())('XOAUTH2 (Dovecot)', { timeout: 30_000 }, () => {
  it('logs in with an access token and polls as with a password', async () => {
    const key = randomBytes(32);
    d = await startDovecot({ oauth2Key: key });
    t = await tempStore();
    await append(d, 'INBOX', [hard('gone@dest.example')]);
    const cfg = mailboxConfig(d, { pass: undefined, accessToken: accessToken(key, d.user) });
    const r = await pollOnce(t.ctx, cfg, { logger: captureLogger().logger });
    expect(r).toMatchObject({ messages: 1, acted: 1 });
    expect(await listMailbox(d, 'Processed')).toHaveLength(1);
    expect(d.log()).toMatch(/Login: user=<bounces@example\.test>, method=XOAUTH2/);
  });

  it('a token the server does not accept is an authentication failure', async () => {
    d = await startDovecot({ oauth2Key: randomBytes(32) });
    t = await tempStore();
    const cfg = mailboxConfig(d, { pass: undefined, accessToken: accessToken(randomBytes(32), d.user) });
    await expect(pollOnce(t.ctx, cfg, { logger: captureLogger().logger })).rejects.toMatchObject({ authenticationFailed: true });
  });

  it('accessTokenCommand: run again for every connection, each token fresh, none of them logged', async () => {
    const key = randomBytes(32);
    d = await startDovecot({ oauth2Key: key });
    t = await tempStore();
    const tokens = Array.from({ length: 100 }, () => accessToken(key, d!.user));
    const cmd = tokenCommand(tokens);
    const { logger, lines } = captureLogger();
    pollers = startPollers(t.ctx, [mailboxConfig(d, { pass: undefined, accessTokenCommand: cmd.command, pollIntervalMs: 120_000 })], { logger, ...fast });
    await append(d, 'INBOX', [hard('first@dest.example')]);
    await waitFor('the first bounce', () => count() === 1);
    expect(cmd.calls()).toBe(1);

    // the server goes away and comes back: the poller logs in again, with a new token
    await d.stop();
    await waitFor('the connection lost', () => pollers!.status()[0]!.consecutiveFailures >= 1);
    await d.start();
    await append(d, 'INBOX', [hard('second@dest.example')]);
    await waitFor('the second bounce', () => count() === 2, 15_000);
    // once per connection attempt, also those the stopped server refused
    expect(oauth2Logins()).toHaveLength(2);
    expect(cmd.calls()).toBeGreaterThanOrEqual(2);
    const used = tokens.slice(0, cmd.calls());
    // moved after the commit that the count sees: the move may come a moment later
    await waitFor('both moved', async () => (await listMailbox(d!, 'Processed')).length === 2, 15_000);
    const logged = JSON.stringify(lines);
    for (const tok of used) expect(logged).not.toContain(tok);
  });

  it('accessTokenCommand: a refused token is fetched again once, and the new one used at once', async () => {
    const key = randomBytes(32);
    d = await startDovecot({ oauth2Key: key });
    t = await tempStore();
    await append(d, 'INBOX', [hard('gone@dest.example')]);
    // the first token is refused (revoked, or expired early); the command then gives a good one
    const cmd = tokenCommand([accessToken(randomBytes(32), d.user), accessToken(key, d.user)]);
    const { logger, lines } = captureLogger();
    const r = await pollOnce(t.ctx, mailboxConfig(d, { pass: undefined, accessTokenCommand: cmd.command }), { logger });
    expect(r).toMatchObject({ messages: 1, acted: 1 });
    expect(cmd.calls()).toBe(2);
    expect(lines.map((l) => l.msg)).toContain('imap login refused; trying once more with the new access token');
    expect(oauth2Logins()).toHaveLength(1);

    // only once: a second refusal is the pass's failure
    const twice = tokenCommand([accessToken(randomBytes(32), d.user), accessToken(randomBytes(32), d.user), accessToken(key, d.user)]);
    await expect(pollOnce(t.ctx, mailboxConfig(d, { pass: undefined, accessTokenCommand: twice.command }), { logger })).rejects.toMatchObject({
      authenticationFailed: true,
    });
    expect(twice.calls()).toBe(2);
  });

  it('accessTokenFile: an expired token is an authentication failure; once the file is rewritten, the next attempt works', async () => {
    const key = randomBytes(32);
    d = await startDovecot({ oauth2Key: key });
    t = await tempStore();
    await append(d, 'INBOX', [hard('gone@dest.example')]);
    const file = join(dir, 'token');
    writeFileSync(file, accessToken(key, d.user, -120));
    pollers = startPollers(t.ctx, [mailboxConfig(d, { pass: undefined, accessTokenFile: file })], { logger: captureLogger().logger, ...fast });
    await waitFor('the login to fail twice', () => pollers!.status()[0]!.consecutiveFailures >= 2, 15_000);
    expect(pollers.status()[0]!.lastError).toMatch(/AUTHENTICATIONFAILED/);
    expect(count()).toBe(0);
    expect(await listMailbox(d, 'INBOX')).toHaveLength(1);

    // the agent that keeps the file fresh writes a new token (a rename, as such agents do)
    writeFileSync(`${file}.new`, `${accessToken(key, d.user)}\n`);
    renameSync(`${file}.new`, file);
    await waitFor('the bounce moved', async () => (await listMailbox(d!, 'Processed')).length === 1, 20_000);
    // the move comes before the pass ends (its resume point, a last search): then its success is counted
    await waitFor('the pass to end', () => pollers!.status()[0]!.consecutiveFailures === 0, 10_000);
    expect(pollers.status()[0]).toMatchObject({ connected: true, consecutiveFailures: 0 });
    expect(count()).toBe(1);
  });

  it('a failing accessTokenCommand: a clear error each pass, the poller keeps retrying, the server is never asked', async () => {
    d = await startDovecot({ oauth2Key: randomBytes(32) });
    t = await tempStore();
    const { logger, lines } = captureLogger();
    const cfg = mailboxConfig(d, { name: 'gmail', pass: undefined, accessTokenCommand: 'echo "no credentials: run gcloud auth login" >&2; exit 1' });
    pollers = startPollers(t.ctx, [cfg], { logger, ...fast });
    await waitFor('repeated failures', () => pollers!.status()[0]!.consecutiveFailures >= 3);
    expect(pollers.status()[0]).toMatchObject({
      connected: false,
      lastError: 'accessTokenCommand exited with status 1: no credentials: run gcloud auth login',
    });
    expect(lines.find((l) => l.msg === 'imap mailbox failed; reconnecting')).toMatchObject({ mailbox: 'gmail', err: expect.stringContaining('accessTokenCommand') });
    expect(d.log()).not.toMatch(/ Login: |auth failed/);
  });
});
