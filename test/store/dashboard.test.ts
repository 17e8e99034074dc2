// The dashboard's roll-ups (migrations 0009 and 0013) stay equal to counting the records and the
// suppressions, through ingestion, a reparse (records deleted and written again), a suppress and an
// unsuppress, a message deleted (SQLite). The dashboard's questions through the store port, on both
// backends with the same answers: the suppression search filters, sorts and pages on the server;
// the overview's series and top lists, the review queue, a message, the signals' alerts.
import { describe, it, expect, afterEach } from 'vitest';
import { Migrator } from 'kysely';
import { ingest } from '../../src/pipeline/ingest.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { migrate } from '../../src/store/open.js';
import { reparse } from '../../src/pipeline/reparse.js';
import { suppressAddress, unsuppressAddress } from '../../src/policy/manual.js';
import { type BucketCounts, dimensionCounts, statusCountsByDay, dimensionRows, recordSeries, suppressionRows, suppressionSeries, ROLLUP_DIMS, type TimeRange } from '../../src/store/dashboard.js';
import { anonymousDsn, at, blocked, complaint, delayed, delivered, hard, mailboxFull, tempStore, type TempStore } from '../helpers.js';
import { countedFromRows } from '../helpers/rollup-reference.js';
import { type BackendStore, backendStore, describeBackends } from '../helpers/backends.js';
import { overview } from '../../src/stats/overview.js';
import { currentSignals, startSignalMonitor, syncAlerts } from '../../src/signals/monitor.js';
import { keepLease } from '../../src/cluster/lease.js';
import { SIGNALS_LEADER } from '../../src/cluster/lease-names.js';
import { capturingLogger } from '../http/helpers.js';
import { until } from '../helpers/until.js';
import { signalSettingsSchema } from '../../src/config/ui.js';
import { parseWebhookSettings } from '../../src/config/webhooks.js';

let t: TempStore;
let b: BackendStore | undefined;
afterEach(async () => {
  await t?.cleanup();
  await b?.cleanup();
  b = undefined;
});

const DAY = { from: '2024-05-01T00:00:00.000Z', to: '2024-05-04T00:00:00.000Z' };
const SHIFTED = { from: '2024-05-01T00:00:01.000Z', to: '2024-05-04T00:00:00.000Z' };
const UPDATE_C = "update bounces set reason = 'ratelimited', event_at = '2024-05-03T01:00:00.000Z' where recipient = 'c@other.example'";
const DELETE_B = "delete from messages where id = (select message_id from bounces where recipient = 'b@dest.example')";

/** One dimension counted from the records (the path of a range inside days) */
function fromRecords(t: TempStore, dim: number, r: TimeRange): BucketCounts[] {
  const m = new Map<string, BucketCounts>();
  for (const row of dimensionRows(t.store, r)) {
    const c = m.get(row[dim]!) ?? { key: row[dim]!, hard: 0, soft: 0, complaint: 0, other: 0 };
    c[row[2]]++;
    m.set(row[dim]!, c);
  }
  return [...m.values()];
}

function sorted<T>(rows: T[]): T[] {
  return rows.map((r) => JSON.stringify(r)).sort().map((s) => JSON.parse(s) as T);
}

describe('dashboard store', () => {
  it('roll-ups count what the records count, after ingest, reparse and delete', async () => {
    t = await tempStore();
    ingest(t.ctx, hard('a@dest.example'), at('2024-05-01T08:00:00Z'));
    ingest(t.ctx, hard('b@dest.example'), at('2024-05-01T09:30:00Z'));
    ingest(t.ctx, mailboxFull('c@other.example'), at('2024-05-02T10:00:00Z'));
    ingest(t.ctx, blocked('d@gmail.com'), at('2024-05-02T11:00:00Z'));
    ingest(t.ctx, complaint('e@other.example', 'abuse'), at('2024-05-03T12:00:00Z'));
    const check = () => {
      ROLLUP_DIMS.forEach((dim, i) => {
        // whole days read the roll-up, a range inside days the records
        expect(sorted(dimensionCounts(t.store, dim, DAY))).toEqual(sorted(fromRecords(t, i, SHIFTED)));
      });
    };
    check();
    const series = recordSeries(t.store, DAY, 'day');
    expect(series).toEqual([
      { t: '2024-05-01', bucket: 'hard', n: 2 },
      { t: '2024-05-02', bucket: 'soft', n: 2 },
      { t: '2024-05-03', bucket: 'complaint', n: 1 },
    ]);
    expect(recordSeries(t.store, DAY, 'hour').map((r) => r.t)).toContain('2024-05-01T09');
    const why = dimensionCounts(t.store, 'why', DAY);
    expect(why.find((r) => r.key === 'userunknown\t550\t5.1.1')).toEqual({ key: 'userunknown\t550\t5.1.1', hard: 2, soft: 0, complaint: 0, other: 0 });
    expect(statusCountsByDay(t.store, '2024-05-01', '2024-05-04').find((r) => r.status === '5.1.1')).toEqual({ status: '5.1.1', n: 2 });

    reparse(t.ctx, 'all');
    check();
    expect(recordSeries(t.store, DAY, 'day')).toEqual(series);

    // an update (as a migration renaming a reason makes) moves the counts with it
    t.store.sqlite.prepare("update bounces set reason = 'ratelimited', event_at = '2024-05-03T01:00:00.000Z' where recipient = 'c@other.example'").run();
    check();
    expect(recordSeries(t.store, DAY, 'day').find((r) => r.t === '2024-05-03' && r.bucket === 'soft')).toEqual({ t: '2024-05-03', bucket: 'soft', n: 1 });

    t.store.sqlite.prepare("delete from messages where id = (select message_id from bounces where recipient = 'a@dest.example')").run();
    expect(recordSeries(t.store, DAY, 'day')[0]).toEqual({ t: '2024-05-01', bucket: 'hard', n: 1 });
    check();
  });

  it('the migration fills the roll-ups from the records already stored', async () => {
    t = await tempStore({ migrate: false });
    // every migration but this one (and 0014, which changes its triggers), as a store made before it
    const before = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name !== '0009-dashboard' && name !== '0014-rollups-at-commit'));
    const migrator = new Migrator({ db: t.store.db, provider: { getMigrations: async () => before }, allowUnorderedMigrations: true });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    ingest(t.ctx, hard('a@dest.example'), at('2024-05-01T08:00:00Z'));
    ingest(t.ctx, mailboxFull('c@other.example'), at('2024-05-02T10:00:00Z'));
    ingest(t.ctx, complaint('e@other.example', 'abuse'), at('2024-05-03T12:00:00Z'));
    expect((await migrate(t.store)).error).toBeUndefined();
    ROLLUP_DIMS.forEach((dim, i) => expect(sorted(dimensionCounts(t.store, dim, DAY))).toEqual(sorted(fromRecords(t, i, SHIFTED))));
    expect(recordSeries(t.store, DAY, 'day').map((r) => r.bucket)).toEqual(['hard', 'soft', 'complaint']);
  });

  it('the suppressions over time read from the roll-up count what the suppressions count', async () => {
    t = await tempStore({ migrate: false });
    // a store made before migration 0013 (and 0014, which changes its triggers), with suppressions
    // in it: the migration fills the roll-up
    const before = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name !== '0013-suppression-rollup' && name !== '0014-rollups-at-commit'));
    const migrator = new Migrator({ db: t.store.db, provider: { getMigrations: async () => before }, allowUnorderedMigrations: true });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    ingest(t.ctx, hard('a@dest.example'), at('2024-05-01T08:00:00Z'));
    ingest(t.ctx, hard('b@dest.example'), at('2024-05-02T23:30:00Z'));
    unsuppressAddress(t.ctx, 'a@dest.example', 'fixed', new Date('2024-05-03T09:00:00Z'));
    expect((await migrate(t.store)).error).toBeUndefined();
    const ranges = [DAY, SHIFTED, { from: '2024-04-30T12:00:00.000Z', to: '2024-05-05T06:00:00.000Z' }, { from: '2024-05-02T01:00:00.000Z', to: '2024-05-02T23:00:00.000Z' }];
    const check = () => {
      for (const r of ranges) expect(suppressionSeries(t.store, r, 'day'), `${r.from} ${r.to}`).toEqual(suppressionRows(t.store, r, 'day'));
    };
    check();
    expect(suppressionSeries(t.store, DAY, 'day')).toEqual([
      { t: '2024-05-01', type: 'hard', n: 1 },
      { t: '2024-05-02', type: 'hard', n: 1 },
      { t: '2024-05-03', type: 'lifted', n: 1 },
    ]);
    // the triggers: the policy, a manual suppress and unsuppress, a reparse, an update, a delete
    ingest(t.ctx, complaint('c@other.example', 'abuse'), at('2024-05-02T10:00:00Z'));
    ingest(t.ctx, mailboxFull('d@other.example'), at('2024-05-03T10:00:00Z'));
    suppressAddress(t.ctx, 'e@other.example', 'asked', new Date('2024-05-03T11:00:00Z'));
    unsuppressAddress(t.ctx, 'b@dest.example', 'fixed too', new Date('2024-05-04T01:00:00Z'));
    check();
    reparse(t.ctx, 'all');
    check();
    t.store.sqlite.prepare("update suppressions set type = 'manual', suppressed_at = '2024-05-01T12:00:00.000Z' where address = 'c@other.example'").run();
    t.store.sqlite.prepare("update suppressions set last_event_at = '2024-05-03T12:00:00.000Z'").run();
    check();
    t.store.sqlite.prepare("delete from suppressions where address = 'a@dest.example'").run();
    check();
    expect(suppressionSeries(t.store, DAY, 'day')).toContainEqual({ t: '2024-05-01', type: 'manual', n: 1 });
    expect(suppressionSeries(t.store, DAY, 'day')).toContainEqual({ t: '2024-05-03', type: 'manual', n: 1 });
  });
});

describeBackends('the dashboard through the store port', (backend) => {
  const port = () => b!.ctx.port;
  const ingest = (raw: Buffer, when: string) => port().ingest(raw, at(when));

  it('searches suppressions with filters, sorting and paging', async () => {
    b = await backendStore(backend);
    for (let i = 0; i < 12; i++) await ingest(hard(`user${String(i).padStart(2, '0')}@many.example`), `2024-05-01T08:00:${String(i).padStart(2, '0')}Z`);
    await ingest(complaint('reader@other.example', 'abuse'), '2024-05-02T08:00:00Z');
    await port().suppress('ceo@other.example', 'asked by phone', new Date('2024-05-03T08:00:00Z'), 'ui:alice');
    const now = '2024-06-01T00:00:00.000Z';
    const base = { state: 'active' as const, sort: 'address' as const, desc: false, offset: 0, limit: 5 };
    const search = (s: Partial<Parameters<ReturnType<typeof port>['searchSuppressions']>[0]>) => port().searchSuppressions({ ...base, ...s }, now);
    const p1 = await search({});
    expect(p1).toMatchObject({ total: 14, more: true });
    expect(p1.items.map((s) => s.address)).toEqual(['ceo@other.example', 'reader@other.example', 'user00@many.example', 'user01@many.example', 'user02@many.example']);
    const p3 = await search({ offset: 10 });
    expect(p3.items.map((s) => s.address)).toEqual(['user08@many.example', 'user09@many.example', 'user10@many.example', 'user11@many.example']);
    expect(p3.more).toBe(false);
    // the address's start, in any case
    expect((await search({ q: 'CEO@' })).items.map((s) => s.address)).toEqual(['ceo@other.example']);
    expect((await search({ q: 'other' })).total).toBe(0);
    expect((await search({ q: 'USER1' })).total).toBe(2);
    expect((await search({ domain: 'other.example' })).total).toBe(2);
    expect((await search({ types: ['manual', 'complaint'] })).items.map((s) => s.type)).toEqual(['manual', 'complaint']);
    expect((await search({ reason: 'PHONE' })).items.map((s) => s.address)).toEqual(['ceo@other.example']);
    expect((await search({ from: '2024-05-02T00:00:00.000Z' })).total).toBe(2);
    expect((await search({ sort: 'suppressedAt', desc: true, limit: 1 })).items[0]!.address).toBe('ceo@other.example');
    // text sorted by byte on both (not by a locale's rules: "many" before "other", "complaint" before "hard")
    expect((await search({ sort: 'type', limit: 14 })).items.map((s) => s.type)).toEqual(['complaint', ...Array(12).fill('hard'), 'manual']);
    expect((await search({ sort: 'domain', desc: true, limit: 3 })).items.map((s) => s.address)).toEqual(['ceo@other.example', 'reader@other.example', 'user11@many.example']);
    // lifted ones, once lifted
    await port().unsuppress('user00@many.example', 'fixed', new Date('2024-05-04T08:00:00Z'), 'ui:alice');
    expect((await search({ state: 'lifted' })).items.map((s) => s.address)).toEqual(['user00@many.example']);
    expect((await search({ state: 'all' })).total).toBe(14);
    const series = await port().suppressionSeries({ from: '2024-05-01T00:00:00.000Z', to: '2024-05-05T00:00:00.000Z' }, 'day');
    expect(series).toEqual([
      { t: '2024-05-01', type: 'hard', n: 12 },
      { t: '2024-05-02', type: 'complaint', n: 1 },
      { t: '2024-05-03', type: 'manual', n: 1 },
      { t: '2024-05-04', type: 'lifted', n: 1 },
    ]);
    const actors = await b.db.selectFrom('manual_actions').select('actor').orderBy('id').execute();
    expect(actors.map((a) => a.actor)).toEqual(['ui:alice', 'ui:alice']);
  });

  it('the overview: series by hour and day, top lists from whole days and from parts of days', async () => {
    b = await backendStore(backend);
    await ingest(hard('a@dest.example'), '2024-05-01T08:00:00Z');
    await ingest(hard('b@dest.example'), '2024-05-01T09:30:00Z');
    await ingest(mailboxFull('c@other.example'), '2024-05-02T10:00:00Z');
    await ingest(blocked('d@gmail.com'), '2024-05-02T11:00:00Z');
    await ingest(complaint('e@other.example', 'abuse'), '2024-05-03T12:00:00Z');
    expect(await port().recordSeries(DAY, 'day')).toEqual([
      { t: '2024-05-01', bucket: 'hard', n: 2 },
      { t: '2024-05-02', bucket: 'soft', n: 2 },
      { t: '2024-05-03', bucket: 'complaint', n: 1 },
    ]);
    expect((await port().recordSeries({ from: '2024-05-01T08:59:00.000Z', to: '2024-05-01T10:00:00.000Z' }, 'hour')).map((r) => [r.t, r.n])).toEqual([
      ['2024-05-01T08', 1],
      ['2024-05-01T09', 1],
    ]);
    const [rcpt, why] = await port().dimensionCountsOfRecords(SHIFTED);
    expect(sorted(await port().dimensionCounts('rcpt', DAY))).toEqual(sorted(rcpt));
    expect(sorted(await port().dimensionCounts('why', DAY))).toEqual(sorted(why));
    expect(why.find((r) => r.key === 'userunknown\t550\t5.1.1')).toEqual({ key: 'userunknown\t550\t5.1.1', hard: 2, soft: 0, complaint: 0, other: 0 });
    expect((await port().statusCountsByDay('2024-05-01', '2024-05-04')).find((r) => r.status === '5.1.1')).toEqual({ status: '5.1.1', n: 2 });
    const o = await overview(port(), DAY);
    expect(o.unit).toBe('hour');
    expect(o.totals).toEqual({ hard: 2, soft: 2, complaint: 1, other: 0 });
    expect(o.top.domain.map((r) => [r.key, r.total])).toEqual([
      ['dest.example', 2],
      ['other.example', 2],
      ['gmail.com', 1],
    ]);
    expect(o.top.provider.map((r) => r.key)).toContain('google');
    expect(o.suppressions.hard.reduce((a, n) => a + n, 0)).toBe(2);
    const week = await overview(port(), { from: '2024-04-28T00:00:00.000Z', to: '2024-05-05T00:00:00.000Z' });
    expect(week.unit).toBe('day');
    expect(week.records.hard).toEqual([0, 0, 0, 2, 0, 0, 0]);
    expect(week.top).toEqual(o.top);
  });

  it('the overview read from the roll-ups equals the overview counted from the rows, through ingest, reparse, unsuppress, an update and a delete', async () => {
    b = await backendStore(backend);
    const ranges = [
      { from: '2024-04-28T00:00:00.000Z', to: '2024-05-08T00:00:00.000Z' }, // days, whole: the roll-ups only
      DAY, // hours, whole days: hourly roll-up and daily keys
      SHIFTED, // hours, a range inside days: the records for the top lists
      { from: '2024-04-30T12:00:00.000Z', to: '2024-05-07T06:00:00.000Z' }, // days, ends inside days: roll-ups and the ends' rows
      { from: '2024-01-01T00:00:00.000Z', to: '2024-12-31T00:00:00.000Z' }, // everything
    ];
    const check = async (step: string) => {
      const rows = { ...port(), ...(await countedFromRows(b!)) };
      for (const r of ranges) expect(await overview(port(), r), `${step}: ${r.from} ${r.to}`).toEqual(await overview(rows, r));
    };
    const week = () => overview(port(), ranges[0]!);
    // one message at a time and a group (the batch path on PostgreSQL)
    await ingest(hard('a@dest.example'), '2024-05-01T08:00:00Z');
    await ingest(hard('b@dest.example'), '2024-05-01T09:30:00Z');
    await ingest(mailboxFull('c@other.example'), '2024-05-02T10:00:00Z');
    await ingest(blocked('d@gmail.com'), '2024-05-02T11:00:00Z');
    await ingest(complaint('e@other.example', 'abuse'), '2024-05-03T12:00:00Z');
    await port().ingestGroup(
      [
        [hard('f@dest.example'), '2024-05-04T01:00:00Z'],
        [mailboxFull('c@other.example', 'again'), '2024-05-04T02:00:00Z'],
        [delayed('g@late.example'), '2024-05-04T03:00:00Z'],
        [delivered('h@fine.example'), '2024-05-04T04:00:00Z'],
        [complaint('i@other.example', 'abuse'), '2024-05-04T05:00:00Z'],
      ].map(([raw, when]) => ({ raw: raw as Buffer, meta: at(when as string) })),
    );
    await port().suppress('ceo@other.example', 'asked', new Date('2024-05-05T08:00:00Z'), 'ui:alice');
    await check('ingested');
    expect((await week()).totals).toEqual({ hard: 3, soft: 4, complaint: 2, other: 1 });
    expect((await week()).suppressions.manual.reduce((a, n) => a + n, 0)).toBe(1);

    // an update moves the counts with it (as a migration renaming a reason would); reparse writes the
    // record again as parsed (deleted, inserted) and replays the addresses' suppressions
    await b.exec({ sqlite: UPDATE_C, postgres: UPDATE_C });
    await check('updated');
    expect((await week()).top.reason.map((r) => r.key)).toContain('ratelimited');
    const reparsed = await port().reparse('all');
    expect(reparsed.changed.length).toBeGreaterThan(0);
    await check('reparsed');
    expect((await week()).top.reason.map((r) => r.key)).not.toContain('ratelimited');

    // lifted: the suppressions' chart counts them on the day they were lifted
    expect((await port().unsuppress('a@dest.example', 'fixed', new Date('2024-05-06T08:00:00Z'), 'ui:alice')).lifted).toBe(1);
    expect((await port().unsuppress('ceo@other.example', 'asked again', new Date('2024-05-06T09:00:00Z'), 'ui:alice')).lifted).toBe(1);
    await check('unsuppressed');
    expect((await week()).suppressions.lifted).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 2, 0]);

    // a message deleted takes its records (and their counts) with it
    await b.exec({ sqlite: DELETE_B, postgres: DELETE_B });
    await check('deleted');
    expect((await week()).totals.hard).toBe(2);
  });

  it('the review queue, a message and its records, a mark', async () => {
    b = await backendStore(backend);
    await ingest(hard('a@dest.example'), '2024-05-01T08:00:00Z');
    const anon = await ingest(anonymousDsn('anon-1'), '2024-05-01T09:00:00Z');
    const odd = await ingest(Buffer.from('From: someone@example.com\r\nSubject: hello\r\n\r\njust a note\r\n'), '2024-05-01T10:00:00Z');
    const q = await port().reviewQueue(0, 10);
    expect(q.total).toBe(2);
    expect(q.items.map((i) => i.id)).toEqual([odd.messageId, anon.messageId]);
    expect(q.items[1]).toMatchObject({ id: anon.messageId, received_at: '2024-05-01T09:00:00.000Z', source: 'file', reasons: null });
    expect(await port().reviewQueueIds(1)).toEqual([odd.messageId]);
    const m = await port().message(anon.messageId);
    expect(m).toMatchObject({ id: anon.messageId, received_at: '2024-05-01T09:00:00.000Z' });
    expect((await port().rawInput(anon.messageId))!.raw.toString()).toBe(anonymousDsn('anon-1').toString());
    expect(await port().message(99_999)).toBeNull();
    expect(await port().rawInput(99_999)).toBeNull();
    const [first] = await port().reviewQueueIds(100).then(() => port().bounces({ limit: 1 }));
    expect(await port().recordsOfMessage(first!.message_id)).toMatchObject([{ id: first!.id, recipient: 'a@dest.example', event_at: '2024-05-01T08:00:00.000Z' }]);
    expect(await port().markReviewed(odd.messageId, 'not-bounce', 'a note', 'ui:alice', '2024-05-02T00:00:00.000Z')).toBe(true);
    expect(await port().markReviewed(odd.messageId, 'not-bounce', null, 'ui:bob', '2024-05-02T00:00:00.000Z')).toBe(false);
    expect(await port().reviewMark(odd.messageId)).toEqual({ verdict: 'not-bounce', note: 'a note', by: 'ui:alice', at: '2024-05-02T00:00:00.000Z' });
    expect(await port().reviewMark(anon.messageId)).toBeNull();
    expect((await port().reviewQueue(0, 10)).items.map((i) => i.id)).toEqual([anon.messageId]);
  });

  it('the signals raise an alert once, with its event, and clear it when they stop', async () => {
    const webhook = parseWebhookSettings({ urls: ['http://127.0.0.1:9/hook'], secret: 'webhook-secret-0123456789', events: ['alert.raised', 'alert.cleared'] });
    b = await backendStore(backend, { now0: '2024-05-06T10:30:00Z' });
    const settings = signalSettingsSchema.parse({ blockMin: 2 });
    for (let i = 0; i < 3; i++) await ingest(blocked(`b${i}@gmail.com`), `2024-05-06T10:2${i}:00Z`);
    const now = new Date('2024-05-06T10:30:00Z');
    const signals = await currentSignals(port(), settings, now);
    expect(signals.map((s) => s.key)).toEqual(['reputation:google']);
    // two at once (two hosts, or the page and the timer): one alert, one event
    const [x, y] = await Promise.all([syncAlerts(port(), signals, webhook, now), syncAlerts(port(), signals, webhook, now)]);
    expect(x.raised.length + y.raised.length).toBe(1);
    const alerts = await port().recentAlerts(10);
    expect(alerts).toMatchObject([{ key: 'reputation:google', signal: 'reputation', subject: 'google', raised_at: '2024-05-06T10:30:00.000Z', cleared_at: null }]);
    const events = () => b!.outbox().then((rows) => rows.filter((r) => r.event_type.startsWith('alert.')).map((r) => r.event_type));
    expect(await events()).toEqual(['alert.raised']);
    // an hour later the window is empty: cleared
    const later = new Date('2024-05-06T12:00:00Z');
    const cleared = await syncAlerts(port(), await currentSignals(port(), settings, later), webhook, later);
    expect(cleared.cleared.map((a) => a.id)).toEqual([alerts[0]!.id]);
    expect((await port().recentAlerts(10))[0]!.cleared_at).toBe('2024-05-06T12:00:00.000Z');
    expect(await events()).toEqual(['alert.raised', 'alert.cleared']);
  });

  it("the signals' timer runs on the host holding their lease only", async () => {
    b = await backendStore(backend, { now0: '2024-05-06T10:30:00Z' });
    for (let i = 0; i < 3; i++) await ingest(blocked(`b${i}@gmail.com`), `2024-05-06T10:2${i}:00Z`);
    const now = () => b!.ctx.now();
    // another host leads (its lease does not expire: this clock stands still)
    expect((await port().acquireLease(SIGNALS_LEADER, 'mx2', now(), new Date(now().getTime() + 60_000))).held).toBe(true);
    const leader = keepLease({ port: port(), name: SIGNALS_LEADER, owner: 'mx1', ttlMs: 600, now });
    const monitor = startSignalMonitor(b.ctx, signalSettingsSchema.parse({ blockMin: 2, intervalSeconds: 1 }), null, { logger: capturingLogger().logger, leader });
    try {
      await new Promise((r) => setTimeout(r, 1500));
      expect(leader.held).toBe(false);
      expect(await port().recentAlerts(10)).toEqual([]);
      // it hands over: this host takes the lease and its timer raises the alert
      await port().releaseLease(SIGNALS_LEADER, 'mx2');
      const alerts = await until(() => port().recentAlerts(10), (a) => a.length > 0, { label: 'the alert', ms: 10_000 });
      expect(leader.held).toBe(true);
      expect(alerts.map((a) => a.key)).toEqual(['reputation:google']);
    } finally {
      await monitor.stop();
    }
    expect((await port().leases()).filter((l) => l.name === SIGNALS_LEADER)).toEqual([]);
  });
});
