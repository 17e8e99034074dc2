// The listener for real: smtp-server on a loopback port, a real SQLite file, real SMTP clients
// (nodemailer, and a raw socket where the protocol matters).
import { describe, it, expect, afterEach } from 'vitest';
import { createTransport } from 'nodemailer';
import { fileURLToPath } from 'node:url';
import { makeReturnPath } from '../../src/return-path/return-path.js';
import { checkAddress } from '../../src/policy/check.js';
import { computeStats } from '../../src/stats/stats.js';
import { replayAddress } from '../../src/policy/replay.js';
import { transaction } from '../../src/store/sync.js';
import { anonymousDsn, blocked, complaint, dsn, hard } from '../helpers.js';
import { RawSmtp, dotStuff } from '../helpers/smtp-client.js';
import { testServer, type TestServer } from '../helpers/serve.js';

let s: TestServer | undefined;
const clients: RawSmtp[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.quit()));
  await s?.cleanup();
  s = undefined;
});

async function open(port: number) {
  const { client, greeting } = await RawSmtp.open(port);
  clients.push(client);
  expect(greeting.code).toBe(220);
  const ehlo = await client.cmd('EHLO client.test');
  expect(ehlo?.code).toBe(250);
  return { client, ehlo: ehlo! };
}

const SECRET = 'listener-test-secret-0123';


describe('rebound serve: SMTP listener', () => {
  it('takes a null-sender DSN over nodemailer, commits it, and suppresses the hard recipient', async () => {
    s = await testServer();
    const t = createTransport({ host: '127.0.0.1', port: s.port, secure: false, ignoreTLS: true });
    const info = await t.sendMail({ envelope: { from: '', to: ['bounces+gone=dest.example@bounce.test'] }, raw: hard('gone@dest.example') });
    t.close();
    expect(info.response).toMatch(/^250 2\.6\.0 Queued as \d+$/);
    const m = s.store.sqlite.prepare('select * from messages').get() as Record<string, unknown>;
    expect(m).toMatchObject({ source: 'smtp', envelope_from: '', envelope_to: '["bounces+gone=dest.example@bounce.test"]', return_path_recipient: 'gone@dest.example' });
    await s.processed();
    const c = checkAddress(s.ctx, 'gone@dest.example');
    expect(c.sendable).toBe(false);
    expect(c.suppression).toMatchObject({ type: 'hard', reason: 'userunknown' });
    // one log line for the session, with its outcome and no message text
    const sessions = await s.sessionLines(1);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ outcome: 'accepted', accepted: [{ from: '', to: ['bounces+gone=dest.example@bounce.test'], duplicate: false }] });
    expect(JSON.stringify(s.lines)).not.toContain('Recipient address rejected');
  });

  it('advertises SIZE and enhanced status codes, offers no AUTH and (without a certificate) no STARTTLS', async () => {
    s = await testServer({ maxSize: 123456 });
    const { client, ehlo } = await open(s.port);
    expect(ehlo.lines).toContain('SIZE 123456');
    expect(ehlo.lines).toContain('ENHANCEDSTATUSCODES');
    expect(ehlo.lines.some((l) => /^AUTH/.test(l))).toBe(false);
    expect(ehlo.lines).not.toContain('STARTTLS');
    expect((await client.cmd('AUTH PLAIN AGFhAGI='))?.code).toBeGreaterThanOrEqual(500);
    expect((await client.cmd('STARTTLS'))?.code).toBeGreaterThanOrEqual(500);
  });

  it('offers STARTTLS with a key and certificate, and takes a message over it', async () => {
    const file = (name: string) => fileURLToPath(new URL(`../fixtures/tls/${name}`, import.meta.url));
    s = await testServer({ tls: { key: file('key.pem'), cert: file('cert.pem') } });
    const { ehlo } = await open(s.port);
    expect(ehlo.lines).toContain('STARTTLS');
    const t = createTransport({ host: '127.0.0.1', port: s.port, secure: false, requireTLS: true, tls: { rejectUnauthorized: false } });
    const info = await t.sendMail({ envelope: { from: '', to: ['bounces@bounce.test'] }, raw: hard('tls@dest.example') });
    t.close();
    expect(info.response).toMatch(/^250 /);
    // the raw client is still open: the one line is nodemailer's session
    const [line] = await s.sessionLines(1);
    expect(line).toMatchObject({ outcome: 'accepted', tls: true });
  });

  it('refuses recipients outside the bounce domains with 550 5.7.1 (never a relay); any sender is fine', async () => {
    s = await testServer();
    const { client } = await open(s.port);
    expect(await client.cmd('MAIL FROM:<someone@anywhere.example>')).toMatchObject({ code: 250 });
    expect(await client.cmd('RCPT TO:<victim@gmail.example>')).toMatchObject({ code: 550, text: expect.stringMatching(/^5\.7\.1 /) });
    expect(await client.cmd('RCPT TO:<bounces@sub.bounce.test>')).toMatchObject({ code: 550, text: expect.stringMatching(/^5\.7\.1 /) });
    expect((await client.cmd('DATA'))?.code).toBe(503);
    // nodemailer sees the refusal too, and nothing is stored
    const t = createTransport({ host: '127.0.0.1', port: s.port, secure: false, ignoreTLS: true });
    await expect(t.sendMail({ envelope: { from: '', to: ['x@elsewhere.example'] }, raw: hard('a@b.example') })).rejects.toThrow(/550 5\.7\.1/);
    t.close();
    expect(s.count('messages')).toBe(0);
  });

  it('refuses an oversized message with 552 5.3.4, keeps nothing of it, and goes on', async () => {
    s = await testServer({ maxSize: 4000 });
    const { client } = await open(s.port);
    // declared too big: refused at MAIL FROM
    expect(await client.cmd('MAIL FROM:<> SIZE=5000')).toMatchObject({ code: 552, text: expect.stringMatching(/^5\.3\.4 /) });
    // undeclared: read to the end, then refused
    const big = Buffer.concat([hard('big@dest.example'), Buffer.from('x'.repeat(76) + '\r\n').fill('x', 0, 76)]);
    const body = Buffer.concat([big, Buffer.alloc(8000, 'y')]);
    expect(await client.send('', ['bounces@bounce.test'], body)).toMatchObject({ code: 552, text: expect.stringMatching(/^5\.3\.4 /) });
    expect(s.count('messages')).toBe(0);
    // the session is still good for a message within the limit
    expect(await client.send('', ['bounces@bounce.test'], hard('small@dest.example'))).toMatchObject({ code: 250 });
    expect(s.count('messages')).toBe(1);
  });

  it('with a key: takes valid signed return paths, refuses forged, expired and unsigned ones with 550 5.1.1', async () => {
    s = await testServer({ returnPath: { keys: [{ id: 'k1', secret: SECRET }] } });
    const sign = (rcpt: string, now = new Date()) => makeReturnPath(rcpt, { domain: 'bounce.test', secret: SECRET, keyId: 'k1', now });
    const { client } = await open(s.port);
    const valid = sign('hidden@dest.example');
    expect(await client.send('', [valid], anonymousDsn('anon1'))).toMatchObject({ code: 250 });

    const forged = valid.replace('hidden=dest.example', 'someone=dest.example');
    expect(await client.cmd('MAIL FROM:<>')).toMatchObject({ code: 250 });
    expect(await client.cmd(`RCPT TO:<${forged}>`)).toMatchObject({ code: 550, text: expect.stringMatching(/^5\.1\.1 .*bad-signature/) });
    const expired = sign('old@dest.example', new Date(Date.now() - 40 * 86_400_000));
    expect(await client.cmd(`RCPT TO:<${expired}>`)).toMatchObject({ code: 550, text: expect.stringMatching(/^5\.1\.1 .*expired/) });
    expect(await client.cmd('RCPT TO:<bounces+someone=dest.example@bounce.test>')).toMatchObject({ code: 550, text: expect.stringMatching(/^5\.1\.1 .*unsigned/) });
    // postmaster is taken (RFC 5321 4.5.1), as an unsigned role address
    expect(await client.cmd('RCPT TO:<postmaster@bounce.test>')).toMatchObject({ code: 250 });
    expect(await client.cmd('RSET')).toMatchObject({ code: 250 });
    expect(s.count('messages')).toBe(1);

    // the report names nobody: the recipient comes from the verified return path
    await s.processed();
    const m = s.store.sqlite.prepare('select return_path_recipient from messages').get();
    expect(m).toEqual({ return_path_recipient: 'hidden@dest.example' });
    const b = s.store.sqlite.prepare('select recipient, from_return_path from bounces').all();
    expect(b).toEqual([{ recipient: 'hidden@dest.example', from_return_path: 1 }]);
    const refused = s.lines.find((l) => l.msg === 'smtp session');
    expect(refused).toBeUndefined(); // the session is still open: logged when it ends
    await client.quit();
    const line = (await s.sessionLines(1))[0] as { outcome: string; refused: Array<{ reason: string }> };
    expect(line.outcome).toBe('partly-accepted');
    expect(line.refused.map((r) => r.reason)).toEqual(['bad-signature', 'expired', 'unsigned']);
  });

  it('with a key: a report suppresses only the addresses its signed return path vouches for', async () => {
    s = await testServer({ returnPath: { keys: [{ id: 'k1', secret: SECRET }] } });
    const sign = (rcpt: string) => makeReturnPath(rcpt, { domain: 'bounce.test', secret: SECRET, keyId: 'k1' });
    const { client } = await open(s.port);
    const suppressed = () => (s!.store.sqlite.prepare('select address from suppressions order by address').all() as Array<{ address: string }>).map((r) => r.address);
    const vouched = (a: string) => (s!.store.sqlite.prepare('select vouched from bounces where recipient = ?').get(a) as { vouched: number } | undefined)?.vouched;

    // someone who received our mail holds a valid return path (their own): a made-up report sent
    // to it that names someone else is kept, but counts only for the holder (as for a forward)
    expect(await client.send('', [sign('holder@dest.example')], hard('victim@dest.example', 'f1'))).toMatchObject({ code: 250 });
    // postmaster@ and abuse@ are taken without a token: a forged report there suppresses nobody
    expect(await client.send('', ['postmaster@bounce.test'], hard('victim2@dest.example', 'f2'))).toMatchObject({ code: 250 });
    expect(await client.send('', ['abuse@bounce.test'], complaint('victim3@dest.example', 'abuse', 'f3'))).toMatchObject({ code: 250 });
    // ... unless the report carries one of our signed return paths: the returned message's
    // Return-Path, or the complaint's Original-Mail-From; then it speaks for that recipient
    const returned = dsn('real@dest.example', { id: 'g1', returnPath: sign('real@dest.example') });
    expect(await client.send('', ['postmaster@bounce.test'], returned)).toMatchObject({ code: 250 });
    const fbl = complaint('reader@dest.example', 'abuse', 'g2', sign('reader@dest.example'));
    expect(await client.send('', ['abuse@bounce.test'], fbl)).toMatchObject({ code: 250 });
    // a signed return path of another recipient proves nothing about this one
    const mismatched = dsn('victim4@dest.example', { id: 'f4', returnPath: sign('someone-else@dest.example') });
    expect(await client.send('', ['postmaster@bounce.test'], mismatched)).toMatchObject({ code: 250 });
    // nor does a made-up block count against the sender's standing with that domain
    expect(await client.send('', ['postmaster@bounce.test'], blocked('victim5@dest.example', 'f5'))).toMatchObject({ code: 250 });
    await s.processed();

    expect(s.count('messages')).toBe(7);
    expect(s.store.sqlite.prepare('select origin, count(*) as n from messages group by origin order by origin').all()).toEqual([
      { origin: 'signed', n: 1 },
      { origin: 'unsigned', n: 6 },
    ]);
    // every record is kept; only the vouched ones reached the policy
    for (const a of ['victim@dest.example', 'victim2@dest.example', 'victim3@dest.example', 'victim4@dest.example']) expect(vouched(a), a).toBe(0);
    expect([vouched('real@dest.example'), vouched('reader@dest.example'), vouched('holder@dest.example')]).toEqual([1, 1, 1]);
    expect(computeStats(s.ctx)).toMatchObject({ bounces: 8, unvouched: 5, senderBlocks: [] });
    expect(suppressed()).toEqual(['holder@dest.example', 'reader@dest.example', 'real@dest.example']);
    // rebuilding each address's state from its history (what a reparse does) keeps it so
    const all = s.store.sqlite.prepare('select distinct recipient from bounces').all() as Array<{ recipient: string }>;
    transaction(s.store, () => all.forEach((r) => replayAddress(s!.ctx, r.recipient)));
    expect(suppressed()).toEqual(['holder@dest.example', 'reader@dest.example', 'real@dest.example']);
  });

  it('a report about a forwarded address counts for the address the return path names', async () => {
    s = await testServer();
    const { client } = await open(s.port);
    // we sent to alias@; it forwarded to final@, which bounced: the report names final@ only
    expect(await client.send('', ['bounces+alias=dest.example@bounce.test'], hard('final@elsewhere.example', 'fw1'))).toMatchObject({ code: 250 });
    await s.processed();
    const rows = s.store.sqlite.prepare('select recipient, reason, type, from_return_path from bounces order by recipient').all();
    expect(rows).toEqual([
      { recipient: 'alias@dest.example', reason: 'userunknown', type: 'hard', from_return_path: 1 },
      { recipient: 'final@elsewhere.example', reason: 'userunknown', type: 'hard', from_return_path: 0 },
    ]);
    expect(checkAddress(s.ctx, 'alias@dest.example').sendable).toBe(false);
  });

  it('answers 451 4.3.0 when the database cannot take the message, and 250 to the retry once it can', async () => {
    s = await testServer();
    const { client } = await open(s.port);
    // a real SQLITE_FULL: the file may not grow by another page
    const pages = s.store.sqlite.pragma('page_count', { simple: true }) as number;
    s.store.sqlite.pragma(`max_page_count = ${pages}`);
    const msg = Buffer.concat([hard('full@dest.example'), Buffer.alloc(64 * 1024, 'z')]);
    expect(await client.send('', ['bounces@bounce.test'], msg)).toMatchObject({ code: 451, text: expect.stringMatching(/^4\.3\.0 /) });
    expect(s.count('messages')).toBe(0);
    expect(s.commits.stats.failedCommits).toBe(1);
    s.store.sqlite.pragma('max_page_count = 1073741823');
    expect(await client.send('', ['bounces@bounce.test'], msg)).toMatchObject({ code: 250 });
    expect(s.count('messages')).toBe(1);
    await client.quit();
    const [line] = await s.sessionLines(1);
    expect(line).toMatchObject({ level: 40, outcome: 'partly-accepted', refused: [{ stage: 'data', code: 451 }] });
    expect(JSON.stringify(line)).toMatch(/database or disk is full/);
  });

  it('answers 451 4.3.0 once the spool holds spool.maxBytes not yet processed, and 250 again once processing caught up', async () => {
    const msg = (i: number) => Buffer.concat([hard(`slow${i}@dest.example`), Buffer.alloc(3000, 'z')]);
    // room for two (the listener adds its trace headers to each), not three
    s = await testServer({}, { spool: { maxBytes: msg(0).length * 2 + 2000 } });
    s.spooler.processing.stop(); // processing cannot run: the backlog grows
    const { client } = await open(s.port);
    expect(await client.send('', ['bounces@bounce.test'], msg(1))).toMatchObject({ code: 250 });
    expect(await client.send('', ['bounces@bounce.test'], msg(2))).toMatchObject({ code: 250 });
    expect(await client.send('', ['bounces@bounce.test'], msg(3))).toMatchObject({ code: 451, text: expect.stringMatching(/^4\.3\.0 /) });
    expect(s.count('messages')).toBe(2);
    expect(s.lines.some((l) => l.msg === 'the spool is full: new messages are refused (451) until processing catches up')).toBe(true);
    const stored = s.store.sqlite.prepare("select sum(size) as n from messages where status = 'pending'").get() as { n: number };
    expect((await s.spooler.stats()).backlogBytes).toBe(stored.n);
    // processing catches up: the next message is taken
    s.spooler.processing.drain();
    expect((await s.spooler.stats()).backlogBytes).toBe(0);
    expect(await client.send('', ['bounces@bounce.test'], msg(3))).toMatchObject({ code: 250 });
    expect(s.count('messages')).toBe(3);
    await client.quit();
  });

  it('takes 50 concurrent clients, sharing commits between them', async () => {
    s = await testServer();
    const n = 50;
    const sends = Array.from({ length: n }, async (_, i) => {
      const t = createTransport({ host: '127.0.0.1', port: s!.port, secure: false, ignoreTLS: true });
      try {
        return await t.sendMail({ envelope: { from: '', to: [`bounces+c${i}=dest.example@bounce.test`] }, raw: hard(`c${i}@dest.example`) });
      } finally {
        t.close();
      }
    });
    const results = await Promise.all(sends);
    expect(results.every((r) => /^250 /.test(r.response))).toBe(true);
    expect(s.count('messages')).toBe(n);
    // fewer commits (fsyncs) than messages: sessions ending together share one
    expect(s.commits.stats.messages).toBe(n);
    expect(s.commits.stats.commits).toBeLessThan(n);
    expect(s.commits.stats.largestBatch).toBeGreaterThan(1);
    await s.processed();
    expect(s.count('suppressions')).toBe(n);
    expect(await s.sessionLines(n)).toHaveLength(n);
  });

  it('closes a session after its message limit with 421, and the client reconnects', async () => {
    s = await testServer({ maxMessagesPerSession: 2 });
    const { client } = await open(s.port);
    expect(await client.send('', ['bounces@bounce.test'], hard('m1@dest.example'))).toMatchObject({ code: 250 });
    expect(await client.send('', ['bounces@bounce.test'], hard('m2@dest.example'))).toMatchObject({ code: 250 });
    expect(await client.cmd('MAIL FROM:<>')).toMatchObject({ code: 421, text: expect.stringMatching(/^4\.7\.0 /) });
    await client.closedPromise;
    const again = await open(s.port);
    expect(await again.client.send('', ['bounces@bounce.test'], hard('m3@dest.example'))).toMatchObject({ code: 250 });
  });

  // Exim sends QUIT right behind the final dot and half-closes its side (shutdown(SHUT_WR)); it
  // still reads the replies, and without the 250 it retries the message later (a duplicate).
  it('answers the end of data after a pipelined QUIT and a half-close, once the message is committed', async () => {
    // a commit that takes a while (a slow disk): the FIN arrives before it
    s = await testServer({ socketTimeoutMs: 60_000, commit: { windowMs: 300 } });
    const { client } = await open(s.port);
    expect(await client.cmd('MAIL FROM:<>')).toMatchObject({ code: 250 });
    expect(await client.cmd('RCPT TO:<bounces@bounce.test>')).toMatchObject({ code: 250 });
    expect(await client.cmd('DATA')).toMatchObject({ code: 354 });
    client.socket.end(`${dotStuff(hard('exim@dest.example'))}\r\n.\r\nQUIT\r\n`);
    const done = await client.reply();
    expect(done).toMatchObject({ code: 250, text: expect.stringMatching(/^2\.6\.0 Queued as \d+$/) });
    // 250 only after the commit
    expect(s.count('messages')).toBe(1);
    expect(await client.reply()).toMatchObject({ code: 221 });
    expect(await client.reply()).toBeNull();
    const [line] = await s.sessionLines(1);
    expect(line).toMatchObject({ outcome: 'accepted' });
  });

  it('closes a half-closed session at once when the client sent no QUIT, and never answers half a message', async () => {
    s = await testServer({ socketTimeoutMs: 60_000 });
    const whole = await open(s.port);
    expect(await whole.client.send('', ['bounces@bounce.test'], hard('whole@dest.example'))).toMatchObject({ code: 250 });
    const t0 = Date.now();
    whole.client.socket.end();
    expect(await whole.client.reply()).toBeNull();
    expect(Date.now() - t0).toBeLessThan(3_000);

    const half = await open(s.port);
    expect(await half.client.cmd('MAIL FROM:<>')).toMatchObject({ code: 250 });
    expect(await half.client.cmd('RCPT TO:<bounces@bounce.test>')).toMatchObject({ code: 250 });
    expect(await half.client.cmd('DATA')).toMatchObject({ code: 354 });
    half.client.socket.end(dotStuff(hard('half@dest.example')).slice(0, 200));
    expect(await half.client.reply()).toBeNull();
    expect(s.count('messages')).toBe(1);
  });

  it('answers 250 to the same bytes sent twice but stores them once', async () => {
    s = await testServer();
    const { client } = await open(s.port);
    const msg = hard('twice@dest.example');
    const first = await client.send('', ['bounces@bounce.test'], msg);
    const second = await client.send('', ['bounces@bounce.test'], msg);
    expect(first?.code).toBe(250);
    expect(second).toEqual(first);
    expect(s.count('messages')).toBe(1);
  });
});
