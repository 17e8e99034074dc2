// Provider events land in the store the host writes to: its SQLite file, or the shared PostgreSQL
// store of several MX hosts (not the host's local spool, which only the SMTP listener forwards).
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { type EventsApi, rows, sendgridKeys, startEventsApi } from '../helpers/events.js';
import { describeBackends } from '../helpers/backends.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const keys = sendgridKeys();
const ev = (event: string, email: string, id: string, more: Record<string, unknown> = {}) => ({
  email, timestamp: 1714996000, 'smtp-id': '<campaign-9@sender.example>', event, sg_event_id: id, sg_message_id: 'sgmsg.shared0001', ...more,
});

describeBackends('SendGrid events into the store', (backend) => {
  let api: EventsApi;
  const post = (events: unknown[]) => {
    const body = JSON.stringify(events);
    return api.post('sendgrid', body, keys.headers(body, api.now()));
  };
  /** rows of the store the port writes to */
  const query = async (q: string) => (await sql.raw<Record<string, unknown>>(q).execute(api.t.db)).rows;
  const count = async (q: string) => Number((await query(q))[0].n);

  beforeAll(async () => {
    api = await startEventsApi({ sendgrid: { publicKey: keys.publicKey, unsubscribes: 'suppress' } }, undefined, backend);
  });
  afterAll(async () => api?.close());

  it('records, suppresses, and counts a re-sent event once', async () => {
    const batch = [
      ev('bounce', 'gone@shared.example', 'sb1', { type: 'bounce', status: '5.1.1', reason: '550 5.1.1 user unknown' }),
      ev('spamreport', 'angry@shared.example', 'sb2'),
    ];
    expect((await post(batch)).json).toMatchObject({ received: 2, new: 2, duplicates: 0, records: 2 });
    expect(await query("select recipient, kind, type, reason from bounces where recipient like '%@shared.example' order by recipient")).toEqual([
      { recipient: 'angry@shared.example', kind: 'complaint', type: null, reason: 'feedback' },
      { recipient: 'gone@shared.example', kind: 'bounce', type: 'hard', reason: 'userunknown' },
    ]);
    expect(await query("select address, type from suppressions where address like '%@shared.example' and lifted_at is null order by address")).toEqual([
      { address: 'angry@shared.example', type: 'complaint' },
      { address: 'gone@shared.example', type: 'hard' },
    ]);
    const again = await post([batch[1], ev('bounce', 'new@shared.example', 'sb3', { type: 'bounce', status: '5.1.1', reason: '550 5.1.1 user unknown' })]);
    expect(again.json).toMatchObject({ received: 2, new: 1, duplicates: 1, records: 1 });
    expect(await count("select count(*) as n from messages where source = 'event'")).toBe(3);
    // a shared store's host keeps nothing of them in its local spool
    if (backend === 'postgres') expect(rows(api.t, 'select count(*) as n from messages')[0].n).toBe(0);
  });

  it('suppresses an unsubscribe once: a retried delivery adds no manual action', async () => {
    const body = [ev('unsubscribe', 'bye@shared.example', 'su1')];
    expect((await post(body)).json).toMatchObject({ received: 1, new: 1, suppressed: ['bye@shared.example'] });
    expect((await post(body)).json).toMatchObject({ new: 0, duplicates: 1, suppressed: [] });
    expect(await query("select address, type, reason from suppressions where address = 'bye@shared.example'")).toEqual([
      { address: 'bye@shared.example', type: 'manual', reason: 'sendgrid unsubscribe' },
    ]);
    expect(await count("select count(*) as n from manual_actions where address = 'bye@shared.example'")).toBe(1);
  });
});
