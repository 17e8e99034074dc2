// Roll-ups added at commit (migration 0014, store/rollups-at-commit.ts): a batch of events written
// through the events endpoint's shared commit (requests in savepoints, one rolled back alone)
// leaves the dashboard's roll-ups as the same requests written one transaction each do, and equal
// to counting the records and the suppressions; outside a transaction a row is rolled up at once,
// a rolled-back transaction leaves nothing, and a bulk Batch rolls up at its commits.
import { describe, it, expect, afterEach } from 'vitest';
import { SharedCommit } from '../../src/pipeline/shared-commit.js';
import { decodeEvents, ingestEvents, writeEvents } from '../../src/pipeline/events.js';
import { sendgrid } from '../../src/parse/events/sendgrid.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { Batch, transaction } from '../../src/store/sync.js';
import { insertBounce } from '../../src/store/bounces.js';
import { insertMessage } from '../../src/store/messages.js';
import { ROLLUP_DIMS, type BucketCounts, dimensionCounts, dimensionRows, recordSeries, suppressionRows, suppressionSeries } from '../../src/store/dashboard.js';
import { at, hard, tempStore, type TempStore } from '../helpers.js';

const stores: TempStore[] = [];
afterEach(async () => {
  for (const t of stores.splice(0)) await t.cleanup();
});
const store = async () => {
  const t = await tempStore();
  stores.push(t);
  return t;
};

const T0 = 1714996000; // 2024-05-06T11:46:40Z, the test clock's hour
const HOUR = 3600;

/** A mixed SendGrid batch: hard and blocked bounces, drops, deferrals (soft, repeated), spam reports, over three days */
function mixed(prefix: string, n: number): string {
  const kinds = [
    (i: number) => ({ email: `hard${i}@d${i % 3}.example`, event: 'bounce', type: 'bounce', status: '5.1.1', reason: '550 5.1.1 user unknown' }),
    (i: number) => ({ email: `blocked${i}@d${i % 2}.example`, event: 'bounce', type: 'blocked', status: '5.7.1', reason: '554 5.7.1 blocked using zen.spamhaus.org' }),
    (i: number) => ({ email: `drop${i}@d0.example`, event: 'dropped', reason: 'Bounced Address', status: '5.0.0' }),
    // the same addresses deferred again and again: soft state, then a soft suppression
    (i: number) => ({ email: `full${i % 2}@d1.example`, event: 'deferred', response: '452 4.2.2 mailbox full', attempt: '2' }),
    (i: number) => ({ email: `spam${i}@d2.example`, event: 'spamreport' }),
  ];
  return JSON.stringify(
    Array.from({ length: n }, (_, i) => ({ timestamp: T0 - (i % 7) * 9 * HOUR, sg_event_id: `${prefix}-${i}`, 'smtp-id': `<${prefix}${i}@sender.example>`, ...kinds[i % kinds.length]!(i) })),
  );
}
const events = (body: string) => sendgrid.split(body, null).events;

const table = (t: TempStore, name: string) =>
  t.store.sqlite.prepare(`select * from ${name} order by 1, 2, 3`).all().filter((r) => Object.entries(r as object).some(([k, v]) => typeof v === 'number' && v !== 0 && k !== 'day'));

const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();

const WEEK = { from: '2024-05-01T00:00:00.000Z', to: '2024-05-08T00:00:00.000Z' };

/** The roll-ups read by the dashboard, each beside the same counted from the records or the suppressions */
function expectRollupsEqualRecords(t: TempStore): void {
  ROLLUP_DIMS.forEach((dim, i) => {
    const m = new Map<string, BucketCounts>();
    for (const row of dimensionRows(t.store, WEEK)) {
      const c = m.get(row[i]!) ?? { key: row[i]!, hard: 0, soft: 0, complaint: 0, other: 0 };
      c[row[2]]++;
      m.set(row[i]!, c);
    }
    expect(sorted(dimensionCounts(t.store, dim, WEEK))).toEqual(sorted([...m.values()]));
  });
  const hourly = t.store.sqlite
    .prepare(
      "select substr(event_at, 1, 13) as t, case when kind = 'complaint' then 'complaint' when kind in ('bounce', 'delay') and type = 'hard' then 'hard' " +
        "when kind in ('bounce', 'delay') and type = 'soft' then 'soft' else 'other' end as bucket, count(*) as n from bounces group by 1, 2 order by 1, 2",
    )
    .all();
  expect(recordSeries(t.store, WEEK, 'hour')).toEqual(hourly);
  expect(suppressionSeries(t.store, WEEK, 'day')).toEqual(suppressionRows(t.store, WEEK, 'day'));
}

describe('roll-ups at commit', () => {
  it('a mixed batch through the shared commit rolls up as one transaction per request does, and as the records count', async () => {
    const atCommit = await store();
    const oneByOne = await store();
    const shared = new SharedCommit(atCommit.store);
    const bodies = [mixed('a', 60), mixed('b', 45), mixed('a', 20) /* duplicates of the first */];
    // one group: three requests, each in its own savepoint, one of them failing after its writes
    const failing = decodeEvents(atCommit.ctx, 'sendgrid', events(mixed('x', 30)));
    const results = await Promise.allSettled([
      ...bodies.map((b) => {
        const d = decodeEvents(atCommit.ctx, 'sendgrid', events(b));
        return shared.run(() => writeEvents(atCommit.ctx, d));
      }),
      shared.run(() => {
        writeEvents(atCommit.ctx, failing);
        throw new Error('fails after its writes');
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    // the same requests, each in a transaction of its own
    for (const b of bodies) ingestEvents(oneByOne.ctx, 'sendgrid', events(b));

    const count = (t: TempStore, sql: string) => (t.store.sqlite.prepare(sql).get() as { n: number }).n;
    expect(count(atCommit, 'select count(*) as n from bounces')).toBe(105);
    expect(count(atCommit, 'select count(*) as n from suppressions')).toBe(count(oneByOne, 'select count(*) as n from suppressions'));
    expect(count(atCommit, 'select count(*) as n from suppressions')).toBeGreaterThan(0);
    for (const name of ['stats_hourly', 'stats_daily', 'stats_suppressions']) expect(table(atCommit, name), name).toEqual(table(oneByOne, name));
    expectRollupsEqualRecords(atCommit);
    expect(table(atCommit, 'stats_daily').length).toBeGreaterThan(5);
  });

  it('rolls up at once outside a transaction, nothing of a rolled-back one, and at each commit of a Batch', async () => {
    const t = await store();
    ingest(t.ctx, hard('plain@dest.example'), at('2024-05-05T08:00:00Z'));
    expectRollupsEqualRecords(t);
    expect(recordSeries(t.store, WEEK, 'day')).toEqual([{ t: '2024-05-05', bucket: 'hard', n: 1 }]);
    // a record inserted outside any transaction: its roll-ups at once
    const message = (sha: string) =>
      insertMessage(t.store, { sha256: sha, size: 1, source: 'file', received_at: '2024-05-05T09:00:00.000Z', spooled_at: '2024-05-05T09:00:00.000Z', status: 'parsed', problems: '[]' } as never, Buffer.from(sha));
    const record = (messageId: number, recipient: string) =>
      insertBounce(t.store, { message_id: messageId, recipient, recipient_reported: recipient, domain: 'dest.example', kind: 'bounce', type: 'soft', reason: 'mailboxfull', event_at: '2024-05-05T09:00:00.000Z', from_return_path: 0 } as never);
    record(message('m1'), 'alone@dest.example');
    expect(recordSeries(t.store, WEEK, 'day')).toEqual([
      { t: '2024-05-05', bucket: 'hard', n: 1 },
      { t: '2024-05-05', bucket: 'soft', n: 1 },
    ]);
    expectRollupsEqualRecords(t);
    // a transaction that throws leaves nothing of its rows or roll-ups, and the next one rolls up its own
    const before = table(t, 'stats_daily');
    const e = decodeEvents(t.ctx, 'sendgrid', events(mixed('r', 10)));
    expect(() =>
      transaction(t.store, () => {
        writeEvents(t.ctx, e);
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(table(t, 'stats_daily')).toEqual(before);
    transaction(t.store, () => writeEvents(t.ctx, e));
    expectRollupsEqualRecords(t);
    // a Batch (bulk ingestion): rolled up at each of its commits
    const soft = () => recordSeries(t.store, WEEK, 'day').find((r) => r.t === '2024-05-05' && r.bucket === 'soft')!.n;
    const soft0 = soft();
    const batch = new Batch(t.store, 2, 60_000);
    for (const [i, sha] of ['b1', 'b2', 'b3'].entries()) {
      batch.begin();
      record(message(sha), `batch${i}@dest.example`);
      batch.done();
    }
    batch.commit();
    expectRollupsEqualRecords(t);
    expect(soft()).toBe(soft0 + 3);
  });
});
