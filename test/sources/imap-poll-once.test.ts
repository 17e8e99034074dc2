// pollOnce against a real Dovecot: what is ingested, what is done to each message afterwards, what
// is left alone, and where the poller stands in the database; on SQLite and on PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeError, pollOnce } from '../../src/sources/imap/index.js';
import { makeReturnPath } from '../../src/return-path/return-path.js';
import { anonymousDsn, complaint, dsn, hard, mailboxFull } from '../helpers.js';
import { type BackendStore, backendStore, describeBackends } from '../helpers/backends.js';
import { type Dovecot, skipWithoutDovecot, startDovecot } from '../helpers/dovecot.js';
import { append, captureLogger, listMailbox, mailboxConfig, personal, withClient } from '../helpers/imap.js';

let d: Dovecot | undefined;
let t: BackendStore;
const quiet = captureLogger().logger;

describeBackends('pollOnce', (backend) => {
  const tempStore = (opts: Parameters<typeof backendStore>[1] = {}) => backendStore(backend, opts);

  beforeEach(async () => {
    d = await startDovecot();
    t = await tempStore();
  });
  afterEach(async () => {
    await d?.cleanup();
    await t?.cleanup();
  });

  const stored = () => t.db.selectFrom('messages').select(['source', 'source_ref', 'kind', 'received_at']).orderBy('id').execute();
  const suppressed = async () =>
    (await t.db.selectFrom('suppressions').select('address').orderBy('address').execute()).map((r) => r.address);

  describe.skipIf(skipWithoutDovecot())('pollOnce (Dovecot)', { timeout: 30_000 }, () => {
    it('ingests bounces and moves them to Processed (created); ordinary messages stay unread in place', async () => {
      await append(d!, 'INBOX', [hard('gone@dest.example'), personal('Lunch?'), mailboxFull('full@dest.example'), complaint('angry@dest.example', 'abuse'), personal('Minutes')]);
      const r = await pollOnce(t.ctx, mailboxConfig(d!), { logger: quiet });
      expect(r).toMatchObject({ resynced: false, messages: 5, new: 5, duplicates: 0, acted: 3, left: 2, oversize: 0, lastUid: 5 });

      const inbox = await listMailbox(d!, 'INBOX');
      expect(inbox.map((m) => m.subject)).toEqual(['Lunch?', 'Minutes']);
      // fetching the source did not mark them read
      expect(inbox.every((m) => !m.seen)).toBe(true);
      const processed = await listMailbox(d!, 'Processed');
      expect(processed).toHaveLength(3);

      const rows = await stored();
      expect(rows.map((m) => m.kind)).toEqual(['bounce', 'not-bounce', 'bounce', 'complaint', 'not-bounce']);
      expect(rows.every((m) => m.source === 'imap')).toBe(true);
      expect(rows[0]!.source_ref).toMatch(new RegExp(`^imap://bounces%40example\\.test@127\\.0\\.0\\.1:${d!.port}/INBOX;UIDVALIDITY=\\d+/;UID=1$`));
      // received_at is the message's arrival in the mailbox (INTERNALDATE), not the test clock
      expect(rows[0]!.received_at).not.toBe('2024-05-06T12:00:00.000Z');
      expect(await suppressed()).toEqual(['angry@dest.example', 'gone@dest.example']);

      const state = await t.ctx.port.imapState('bounces@example.test@127.0.0.1/INBOX');
      expect(state).toMatchObject({ last_uid: 5 });
    });

    it('reads the VERP recipient from the delivery headers: a report that hides its recipient still counts for it', async () => {
      await t.cleanup();
      t = await tempStore({ returnPaths: { secrets: {}, prefix: 'bounces' } });
      const anonymous = anonymousDsn('anon-imap', ['Delivered-To: bounces+hidden=dest.example@bounce.example.test']);
      await append(d!, 'INBOX', [anonymous]);
      await pollOnce(t.ctx, mailboxConfig(d!), { logger: quiet });
      const rows = await t.db.selectFrom('bounces').select(['recipient', 'from_return_path']).execute();
      expect(rows).toEqual([{ recipient: 'hidden@dest.example', from_return_path: 1 }]);
      const m = await t.db.selectFrom('messages').select(['origin', 'return_path_recipient']).executeTakeFirst();
      expect(m).toEqual({ origin: null, return_path_recipient: 'hidden@dest.example' });
    });

    it('with signed return paths required, a bounce counts only for the return path its delivery headers show', async () => {
      await t.cleanup();
      const secret = 'imap-origin-secret-0123';
      t = await tempStore({ returnPaths: { secrets: { k: secret }, prefix: 'bounces' } });
      const sign = (rcpt: string) => makeReturnPath(rcpt, { domain: 'bounce.example.test', secret, keyId: 'k' });
      const deliveredTo = (header: string, msg: Buffer) => Buffer.concat([Buffer.from(`${header}\r\n`), msg]);
      await append(d!, 'INBOX', [
        // a real bounce, to the signed return path the message was sent with
        deliveredTo(`Delivered-To: ${sign('gone@dest.example')}`, hard('gone@dest.example', 'o1')),
        // forged: sent to the mailbox's plain address, naming someone to get suppressed
        deliveredTo('Delivered-To: bounces@bounce.example.test', hard('victim@dest.example', 'o2')),
        // sent to one valid return path (its holder's own) but naming someone else
        deliveredTo(`X-Original-To: ${sign('holder@dest.example')}`, hard('victim2@dest.example', 'o3')),
      ]);
      const r = await pollOnce(t.ctx, mailboxConfig(d!), { logger: quiet });
      expect(r).toMatchObject({ new: 3, acted: 3 });
      const origins = await t.db.selectFrom('messages').select(['origin', 'return_path_recipient']).orderBy('id').execute();
      expect(origins).toEqual([
        { origin: 'signed', return_path_recipient: 'gone@dest.example' },
        { origin: 'unsigned', return_path_recipient: null },
        { origin: 'signed', return_path_recipient: 'holder@dest.example' },
      ]);
      expect(await suppressed()).toEqual(['gone@dest.example', 'holder@dest.example']);
    });

    it('a second run ingests nothing new and leaves the ordinary messages as they were', async () => {
      await append(d!, 'INBOX', [hard('gone@dest.example'), personal('Lunch?')]);
      await pollOnce(t.ctx, mailboxConfig(d!), { logger: quiet });
      const again = await pollOnce(t.ctx, mailboxConfig(d!), { logger: quiet });
      expect(again).toMatchObject({ messages: 0, new: 0, acted: 0, left: 0, lastUid: 2 });
      expect(await stored()).toHaveLength(2);
      expect(await listMailbox(d!, 'INBOX')).toEqual([{ uid: 2, seen: false, subject: 'Lunch?' }]);
      // a new message is picked up, and only it
      await append(d!, 'INBOX', [hard('later@dest.example')]);
      const third = await pollOnce(t.ctx, mailboxConfig(d!), { logger: quiet });
      expect(third).toMatchObject({ messages: 1, new: 1, acted: 1, lastUid: 3 });
      expect(await listMailbox(d!, 'Processed')).toHaveLength(2);
    });

    it('action flag: bounces are marked \\Seen and stay; ordinary messages stay unread', async () => {
      await append(d!, 'INBOX', [hard('gone@dest.example'), personal('Lunch?')]);
      const r = await pollOnce(t.ctx, mailboxConfig(d!, { action: 'flag' }), { logger: quiet });
      expect(r).toMatchObject({ messages: 2, acted: 1, left: 1 });
      expect(await listMailbox(d!, 'INBOX')).toEqual([
        { uid: 1, seen: true, subject: 'Undelivered Mail Returned to Sender' },
        { uid: 2, seen: false, subject: 'Lunch?' },
      ]);
      // no Processed folder is created for flagging
      expect(await withClient(d!, async (c) => (await c.list()).map((b) => b.path))).toEqual(['INBOX']);
      expect(await pollOnce(t.ctx, mailboxConfig(d!, { action: 'flag' }), { logger: quiet })).toMatchObject({ messages: 0 });
    });

    it('action delete: bounces are expunged; ordinary messages stay', async () => {
      await append(d!, 'INBOX', [hard('gone@dest.example'), personal('Lunch?'), hard('also@dest.example')]);
      const r = await pollOnce(t.ctx, mailboxConfig(d!, { action: 'delete' }), { logger: quiet });
      expect(r).toMatchObject({ messages: 3, acted: 2, left: 1 });
      expect((await listMailbox(d!, 'INBOX')).map((m) => m.subject)).toEqual(['Lunch?']);
      expect(await stored()).toHaveLength(3); // the bytes are in the database
    });

    it('notBounceAction same: ordinary messages are moved too', async () => {
      await append(d!, 'INBOX', [hard('gone@dest.example'), personal('Lunch?')]);
      const r = await pollOnce(t.ctx, mailboxConfig(d!, { notBounceAction: 'same', moveTo: 'Done/Rebound' }), { logger: quiet });
      expect(r).toMatchObject({ messages: 2, acted: 2, left: 0 });
      expect(await listMailbox(d!, 'INBOX')).toEqual([]);
      expect(await listMailbox(d!, 'Done/Rebound')).toHaveLength(2);
    });

    it('a message over the size cap is left in place unread, logged and counted, and not fetched again', async () => {
      const big = dsn('big@dest.example', { diagnostic: '550 5.1.1 user unknown ' + 'x'.repeat(4000) });
      await append(d!, 'INBOX', [hard('gone@dest.example'), big, hard('next@dest.example')]);
      const { logger, lines } = captureLogger();
      const cfg = mailboxConfig(d!, { maxMessageBytes: 2048 });
      const r = await pollOnce(t.ctx, cfg, { logger });
      expect(r).toMatchObject({ messages: 2, acted: 2, oversize: 1, lastUid: 3 });
      expect(await listMailbox(d!, 'INBOX')).toEqual([{ uid: 2, seen: false, subject: 'Undelivered Mail Returned to Sender' }]);
      expect(await suppressed()).toEqual(['gone@dest.example', 'next@dest.example']);
      expect(lines.find((l) => l.msg === 'message over the size cap left in place')).toMatchObject({ uid: 2, maxMessageBytes: 2048 });
      expect(await pollOnce(t.ctx, cfg, { logger })).toMatchObject({ messages: 0, oversize: 0 });
    });

    it('batches: many messages in small batches, each batch committed, acted on and recorded', async () => {
      const msgs = Array.from({ length: 23 }, (_, i) => (i % 5 === 4 ? personal(`note ${i}`) : hard(`r${i}@dest.example`)));
      await append(d!, 'INBOX', msgs);
      const r = await pollOnce(t.ctx, mailboxConfig(d!, { batchSize: 4 }), { logger: quiet });
      expect(r).toMatchObject({ messages: 23, new: 23, acted: 19, left: 4, lastUid: 23 });
      expect(await listMailbox(d!, 'INBOX')).toHaveLength(4);
      expect(await listMailbox(d!, 'Processed')).toHaveLength(19);
    });

    it('a message stored before (another source, or moved back) is a duplicate: not stored twice, still acted on', async () => {
      const raw = hard('gone@dest.example');
      await append(d!, 'INBOX', [raw]);
      await pollOnce(t.ctx, mailboxConfig(d!), { logger: quiet });
      // someone moves it back: a new UID, the same bytes
      await append(d!, 'INBOX', [raw, personal('Lunch?')]);
      const r = await pollOnce(t.ctx, mailboxConfig(d!), { logger: quiet });
      expect(r).toMatchObject({ messages: 2, new: 1, duplicates: 1, acted: 1, left: 1 });
      expect(await stored()).toHaveLength(2);
      expect(await listMailbox(d!, 'Processed')).toHaveLength(2);
    });

    it('a UIDVALIDITY change (mailbox deleted and made again) means a resync from the first message', async () => {
      const cfg = mailboxConfig(d!, { mailbox: 'Bounces' });
      const old = [hard('a@dest.example'), hard('b@dest.example'), hard('c@dest.example')];
      await append(d!, 'Bounces', old);
      const first = await pollOnce(t.ctx, cfg, { logger: quiet });
      expect(first).toMatchObject({ messages: 3, lastUid: 3 });

      await withClient(d!, (c) => c.mailboxDelete('Bounces'));
      // the new mailbox numbers from 1 again: without a resync these UIDs (<= 3) would be skipped
      await append(d!, 'Bounces', [old[0]!, hard('d@dest.example'), hard('e@dest.example')]);
      const { logger, lines } = captureLogger();
      const second = await pollOnce(t.ctx, cfg, { logger });
      expect(second.uidValidity).not.toBe(first.uidValidity);
      expect(second).toMatchObject({ resynced: true, messages: 3, new: 2, duplicates: 1, acted: 3, lastUid: 3 });
      expect(lines.some((l) => l.msg === 'UIDVALIDITY changed: resync from the first message')).toBe(true);
      expect(await t.ctx.port.imapState(cfg.name)).toMatchObject({ uidvalidity: second.uidValidity, last_uid: 3 });
      expect(await listMailbox(d!, 'Bounces')).toEqual([]);
      expect(await suppressed()).toEqual(['a@dest.example', 'b@dest.example', 'c@dest.example', 'd@dest.example', 'e@dest.example']);
    });

    it('a wrong password is an error naming the failure, and nothing is recorded', async () => {
      await expect(pollOnce(t.ctx, mailboxConfig(d!, { pass: 'wrong' }), { logger: quiet })).rejects.toMatchObject({
        authenticationFailed: true,
      });
      expect(await t.db.selectFrom('imap_state').selectAll().execute()).toEqual([]);
    });

    it('a missing mailbox is an error, and nothing is recorded', async () => {
      const err = await pollOnce(t.ctx, mailboxConfig(d!, { mailbox: 'Nope' }), { logger: quiet }).catch((e: unknown) => e);
      expect(describeError(err)).toMatch(/Mailbox doesn't exist: Nope/);
      expect(await t.db.selectFrom('imap_state').selectAll().execute()).toEqual([]);
    });
  });
});
