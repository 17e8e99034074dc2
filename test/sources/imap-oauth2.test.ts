// An OAuth2 access token instead of a password (XOAUTH2, as Gmail and Microsoft 365 take it), against
// a Dovecot that validates the tokens itself: a JWT signed with a key only the test and the server know.
import { createHmac, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { pollOnce } from '../../src/sources/imap/index.js';
import { hard, tempStore, type TempStore } from '../helpers.js';
import { type Dovecot, skipWithoutDovecot, startDovecot } from '../helpers/dovecot.js';
import { append, captureLogger, listMailbox, mailboxConfig } from '../helpers/imap.js';

let d: Dovecot | undefined;
let t: TempStore | undefined;
afterEach(async () => {
  await d?.cleanup();
  await t?.cleanup();
});

const b64u = (b: Buffer | string) => Buffer.from(b).toString('base64url');

function accessToken(key: Buffer, email: string, ttlSeconds = 600): string {
  const now = Math.floor(Date.now() / 1000);
  const head = b64u(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64u(JSON.stringify({ sub: 'rebound-test', email, iat: now, nbf: now, exp: now + ttlSeconds }));
  return `${head}.${body}.${b64u(createHmac('sha256', key).update(`${head}.${body}`).digest())}`;
}

describe.skipIf(skipWithoutDovecot())('XOAUTH2 (Dovecot)', { timeout: 30_000 }, () => {
  it('logs in with an access token and polls as with a password', async () => {
    const key = randomBytes(32);
    d = await startDovecot({ oauth2Key: key });
    t = await tempStore();
    await append(d, 'INBOX', [hard('gone@dest.example')]);
    const cfg = mailboxConfig(d, { pass: undefined, accessToken: accessToken(key, d.user) });
    const r = await pollOnce(t.store, cfg, { logger: captureLogger().logger });
    expect(r).toMatchObject({ messages: 1, acted: 1 });
    expect(await listMailbox(d, 'Processed')).toHaveLength(1);
    expect(d.log()).toMatch(/Login: user=<bounces@example\.test>, method=XOAUTH2/);
  });

  it('a token the server does not accept is an authentication failure', async () => {
    d = await startDovecot({ oauth2Key: randomBytes(32) });
    t = await tempStore();
    const cfg = mailboxConfig(d, { pass: undefined, accessToken: accessToken(randomBytes(32), d.user) });
    await expect(pollOnce(t.store, cfg, { logger: captureLogger().logger })).rejects.toMatchObject({ authenticationFailed: true });
  });
});
