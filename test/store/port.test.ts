// The store port, on SQLite and on PostgreSQL: whole units of work, asynchronous at the surface,
// one transaction each, the same answers from both.
import { afterEach, expect, it } from 'vitest';
import { parseWebhookSettings } from '../../src/config/webhooks.js';
import { at, hard, mailboxFull } from '../helpers.js';
import { type BackendStore, backendStore, describeBackends } from '../helpers/backends.js';

let t: BackendStore | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

describeBackends('the store port', (backend) => {
  const tempStore = (opts = {}) => backendStore(backend, opts);

  it('spools a batch (a duplicate once), processes what is pending, and answers for the address', async () => {
    t = await tempStore();
    const port = t!.ctx.port;
    expect(port.backend).toBe(backend);
    await port.ping();
    const raw = hard('gone@dest.example');
    const spooled = await port.spool([
      { raw, meta: { source: 'smtp' } },
      { raw: mailboxFull('full@dest.example'), meta: { source: 'smtp' } },
      { raw, meta: { source: 'smtp' } },
    ]);
    expect(spooled.map((r) => (r instanceof Error ? r.message : [r.status, r.duplicate]))).toEqual([['pending', false], ['pending', false], ['pending', true]]);
    const processed = await port.processPending(10);
    expect(processed.map((p) => [p.status, p.suppressed])).toEqual([['parsed', ['gone@dest.example']], ['parsed', []]]);
    expect(await port.processPending(10)).toEqual([]);
    expect(await port.activeSuppression('gone@dest.example', t!.ctx.now())).toMatchObject({ type: 'hard', reason: 'userunknown' });
    expect(await port.activeSuppression('full@dest.example', t!.ctx.now())).toBeNull();
    expect((await port.check('full@dest.example', t!.ctx.now())).soft).toMatchObject({ total: 1 });
    expect(await port.suppress('full@dest.example', 'asked', t!.ctx.now())).toMatchObject({ outcome: 'suppressed' });
    expect(await port.unsuppress('gone@dest.example', 'a mistake', t!.ctx.now())).toEqual({ address: 'gone@dest.example', lifted: 1 });
    const page = await port.suppressionsPage({ at: t!.ctx.now().toISOString() }, null, 10);
    expect(page.map((s) => [s.address, s.type])).toEqual([['full@dest.example', 'manual']]);
    expect((await port.stats({})).messages).toBe(2);
    expect((await port.bounces({ limit: 10 })).map((b) => b.recipient)).toEqual(['gone@dest.example', 'full@dest.example']);
  });

  it('ingests a group in one transaction, telling the stored kind of a duplicate', async () => {
    t = await tempStore();
    const raw = hard('gone@dest.example');
    await t!.ctx.port.ingest(raw, at('2024-05-06T10:00:00Z'));
    const r = await t!.ctx.port.ingestGroup([{ raw, meta: at('2024-05-06T10:00:00Z') }, { raw: mailboxFull('full@dest.example'), meta: at('2024-05-06T10:00:01Z') }]);
    expect(r.map((x) => [x.duplicate, x.kind, x.storedKind])).toEqual([[true, 'bounce', 'bounce'], [false, 'bounce', 'bounce']]);
  });

  it('claims due outbox rows under a lease, marks them, and keeps IMAP positions', async () => {
    t = await tempStore({ wiring: { webhook: parseWebhookSettings({ urls: ['http://127.0.0.1:9/hook'], secret: 'whsec-0123456789abcdef' }) } });
    const port = t!.ctx.port;
    await port.ingest(hard('gone@dest.example'), at('2024-05-06T10:00:00Z'));
    const now = t!.ctx.now();
    const lease = new Date(now.getTime() + 60_000);
    const claimed = await port.claimOutbox('http://127.0.0.1:9/hook', now, lease, 10);
    expect(claimed.map((r) => r.event_type)).toEqual(['suppression.created']);
    // leased: not claimed again until the lease ends
    expect(await port.claimOutbox('http://127.0.0.1:9/hook', now, lease, 10)).toEqual([]);
    await port.markDelivered(claimed[0]!.id, 200, now);
    expect(await port.claimOutbox('http://127.0.0.1:9/hook', new Date(lease.getTime() + 1), new Date(lease.getTime() + 60_000), 10)).toEqual([]);
    expect(await port.imapState('u@h/INBOX')).toBeNull();
    await port.putImapState('u@h/INBOX', 7, 42, now);
    expect(await port.imapState('u@h/INBOX')).toMatchObject({ uidvalidity: 7, last_uid: 42 });
  });

  it('keeps one SNS subscription confirmation per topic, the latest', async () => {
    t = await tempStore();
    const port = t!.ctx.port;
    expect(await port.subscriptions()).toEqual([]);
    const row = { topic_arn: 'arn:aws:sns:eu-west-1:1:b', subscribe_url: 'https://sns.example/?1', sns_message_id: 'm1', received_at: '2024-05-06T10:00:00.000Z', state: 'pending' as const, confirmed_at: null, error: null };
    await port.recordSubscription(row);
    await port.recordSubscription({ ...row, topic_arn: 'arn:aws:sns:eu-west-1:1:a' });
    await port.recordSubscription({ ...row, sns_message_id: 'm2', state: 'confirmed', confirmed_at: '2024-05-06T10:01:00.000Z' });
    expect(await port.subscriptions()).toEqual([
      { ...row, topic_arn: 'arn:aws:sns:eu-west-1:1:a' },
      { ...row, sns_message_id: 'm2', state: 'confirmed', confirmed_at: '2024-05-06T10:01:00.000Z' },
    ]);
    expect((await port.queueDepths()).pendingSubscriptions).toBe(1);
  });
});
