// TLS against a real Dovecot whose certificate comes from a private CA: IMAPS and STARTTLS with the
// CA trusted (tlsCaFile), a refused certificate without it, and a server without STARTTLS, to which
// a password is not sent unless plain text was allowed. Dovecot's log says how each login came:
// `TLS`, or `secured` for plain text from loopback.
import { afterEach, describe, expect, it } from 'vitest';
import { describeError, type Pollers, pollOnce, startPollers } from '../../src/sources/imap/index.js';
import { hard, tempStore, type TempStore } from '../helpers.js';
import { type Dovecot, skipWithoutDovecot, startDovecot } from '../helpers/dovecot.js';
import { append, captureLogger, listMailbox, mailboxConfig, waitFor } from '../helpers/imap.js';

let d: Dovecot | undefined;
let t: TempStore | undefined;
let pollers: Pollers | undefined;
afterEach(async () => {
  await pollers?.stop();
  pollers = undefined;
  await d?.cleanup();
  await t?.cleanup();
});

const count = () => (t!.store.sqlite.prepare('select count(*) as n from messages').get() as { n: number }).n;
const logins = () => d!.log().split('\n').filter((l) => / Login: /.test(l));
/** the logins by TLS: the poller's (the helper's own are plain text from loopback: `secured`) */
const tlsLogins = () => logins().filter((l) => /, TLS, /.test(l));
const fast = { backoff: { baseMs: 50, maxMs: 400 } };

describe.skipIf(skipWithoutDovecot())('TLS (Dovecot with a private CA)', { timeout: 30_000 }, () => {
  it('IMAPS with the CA in tlsCaFile: polls and moves bounces like a plain connection', async () => {
    d = await startDovecot({ tls: true });
    t = await tempStore();
    await append(d, 'INBOX', [hard('gone@dest.example'), hard('also@dest.example')]);
    const cfg = mailboxConfig(d, { secure: true, port: d.tlsPort, tlsCaFile: d.caFile });
    const r = await pollOnce(t.ctx, cfg, { logger: captureLogger().logger });
    expect(r).toMatchObject({ messages: 2, new: 2, acted: 2 });
    expect(await listMailbox(d, 'Processed')).toHaveLength(2);
    expect(tlsLogins()).toEqual([expect.stringMatching(/user=<bounces@example\.test>, method=PLAIN, /)]);
  });

  it('STARTTLS on the plain port with the CA: the session is encrypted before the login', async () => {
    d = await startDovecot({ tls: true });
    t = await tempStore();
    const { logger, lines } = captureLogger();
    // allowPlaintext false: STARTTLS or no login at all, even on loopback
    const cfg = mailboxConfig(d, { secure: false, allowPlaintext: false, tlsCaFile: d.caFile, pollIntervalMs: 120_000 });
    pollers = startPollers(t.ctx, [cfg], { logger, ...fast });
    await waitFor('the poller to idle', () => pollers!.status()[0]!.idling);
    await append(d, 'INBOX', [hard('idle@dest.example')]);
    await waitFor('the bounce moved', async () => (await listMailbox(d!, 'Processed')).length === 1);
    expect(lines.find((l) => l.msg === 'imap connected')).toMatchObject({ tls: true });
    expect(tlsLogins()).toHaveLength(1);
    expect(logins().filter((l) => !/, TLS, /.test(l)).every((l) => /, secured, /.test(l))).toBe(true);
  });

  it('without the CA: refused naming the certificate problem, retried with backoff, nothing acknowledged', async () => {
    d = await startDovecot({ tls: true });
    t = await tempStore();
    await append(d, 'INBOX', [hard('gone@dest.example')]);
    const { logger, lines } = captureLogger();
    const imaps = mailboxConfig(d, { name: 'imaps', secure: true, port: d.tlsPort });
    const starttls = mailboxConfig(d, { name: 'starttls', secure: false, allowPlaintext: false });
    pollers = startPollers(t.ctx, [imaps, starttls], { logger, ...fast });
    await waitFor('both to fail again and again', () => pollers!.status().every((s) => s.consecutiveFailures >= 3));
    for (const s of pollers.status()) {
      expect(s).toMatchObject({ connected: false, lastSuccessAt: null });
      expect(s.lastError).toBe(
        "the server's TLS certificate is not trusted: unable to verify the first certificate [UNABLE_TO_VERIFY_LEAF_SIGNATURE] (a private CA's certificate goes in tlsCaFile)",
      );
    }
    expect(lines.filter((l) => l.msg === 'imap mailbox failed; reconnecting').length).toBeGreaterThanOrEqual(2);
    expect(count()).toBe(0);
    expect(await listMailbox(d, 'INBOX')).toHaveLength(1);
    expect(tlsLogins()).toEqual([]);
  });

  it('tlsRejectUnauthorized false: any certificate, with a warning at start', async () => {
    d = await startDovecot({ tls: true });
    t = await tempStore();
    await append(d, 'INBOX', [hard('gone@dest.example')]);
    const { logger, lines } = captureLogger();
    const r = await pollOnce(t.ctx, mailboxConfig(d, { secure: true, port: d.tlsPort, tlsRejectUnauthorized: false }), { logger });
    expect(r).toMatchObject({ messages: 1, acted: 1 });
    expect(lines.find((l) => /tlsRejectUnauthorized = false/.test(String(l.msg)))).toMatchObject({ level: 40 });
  });

  it('secure false to a server without STARTTLS: no login unless plain text is allowed', async () => {
    d = await startDovecot(); // ssl = no
    t = await tempStore();
    await append(d, 'INBOX', [hard('gone@dest.example')]);
    const before = logins().length;
    const refused = mailboxConfig(d, { secure: false, allowPlaintext: false });
    const err = await pollOnce(t.ctx, refused, { logger: captureLogger().logger }).catch((e: unknown) => e);
    expect(describeError(err)).toBe('Server does not support STARTTLS: not logging in without TLS (allowPlaintext = true allows it)');
    // the password was never sent: no login, not even a failed one
    expect(logins()).toHaveLength(before);
    expect(d.log()).not.toMatch(/auth failed|Aborted login \(\d+ attempts/);
    // loopback allows it by default (the existing plain tests), as an explicit true does anywhere
    expect(await pollOnce(t.ctx, mailboxConfig(d, { secure: false }), { logger: captureLogger().logger })).toMatchObject({ acted: 1 });
    await waitFor('the plain login in the log', () => logins().length > before);
    expect(logins()[before]).toMatch(/, secured, /);
  });
});
