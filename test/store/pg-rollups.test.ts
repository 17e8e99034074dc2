// The dashboard's roll-ups on PostgreSQL (migration 0013, store/pg/rollup-sql.ts), where SQLite's
// single writer does not hide what several hosts do: two hosts writing overlapping groups and single
// messages at once leave the roll-ups equal to counting the rows, without a deadlock; a transaction
// or a savepoint rolled back leaves nothing in them; the migration fills them from the rows already
// stored (and its down step removes them); a row written by SQL by hand is rolled up too.
import { afterEach, expect } from 'vitest';
import { Migrator, type Kysely, sql } from 'kysely';
import { openPgStore, type PgStore } from '../../src/store/pg/open.js';
import { pgPortOf } from '../../src/store/pg/context-port.js';
import { PG_MIGRATIONS } from '../../src/store/pg/migrations/index.js';
import { DAILY_OF_ALL, HOURLY_OF_ALL, SUPPRESSIONS_OF_ALL } from '../../src/store/pg/rollup-sql.js';
import { pipelineContext } from '../../src/pipeline/context.js';
import { overview } from '../../src/stats/overview.js';
import type { StorePort } from '../../src/store/port.js';
import type { Database } from '../../src/store/schema.js';
import { at, blocked, complaint, hard, mailboxFull } from '../helpers.js';
import { type BackendStore, backendStore } from '../helpers/backends.js';
import { countedFromRows } from '../helpers/rollup-reference.js';
import { itNeeds } from '../helpers/integration.js';
import { postgresMissing } from '../helpers/postgres.js';

const it = itNeeds(await postgresMissing());
let t: BackendStore | undefined;
let second: PgStore | undefined;
afterEach(async () => {
  await second?.close();
  await t?.cleanup();
  t = second = undefined;
});

const WEEK = { from: '2024-05-01T00:00:00.000Z', to: '2024-05-08T00:00:00.000Z' };
const ROUGH = { from: '2024-04-30T12:00:00.000Z', to: '2024-05-08T06:00:00.000Z' };

/** each roll-up table as it is, beside the same counted from the rows now (zero rows left out) */
async function expectTablesEqualCounts(db: Kysely<Database>): Promise<void> {
  const q = async (text: string) => (await sql.raw<Record<string, unknown>>(text).execute(db)).rows.map((r) => JSON.stringify(r)).sort();
  const tables: Array<[table: string, columns: string, counted: string, nonZero: string]> = [
    ['stats_hourly', 'hour, bucket, n', HOURLY_OF_ALL, 'n <> 0'],
    ['stats_daily', 'dim, day, key, hard, soft, complaint, other', DAILY_OF_ALL, 'hard <> 0 or soft <> 0 or complaint <> 0 or other <> 0'],
    ['stats_suppressions', 'day, kind, n', SUPPRESSIONS_OF_ALL, 'n <> 0'],
  ];
  for (const [table, columns, counted, nonZero] of tables) {
    expect(await q(`select ${columns} from ${table} where ${nonZero}`), table).toEqual(await q(`select ${columns} from (${counted}) c`));
  }
  // nothing left pending once the transactions are over
  for (const p of ['stats_pending', 'stats_pending_deltas']) {
    expect((await sql.raw<{ n: number }>(`select count(*) as n from ${p}`).execute(db)).rows[0]!.n, p).toBe(0);
  }
}

async function expectOverviewEqualsRows(port: StorePort, db: Kysely<Database>): Promise<void> {
  const rows = { ...port, ...(await countedFromRows({ db })) };
  for (const r of [WEEK, ROUGH]) expect(await overview(port, r)).toEqual(await overview(rows, r));
}

it('two hosts writing at once: the roll-ups add up to the rows, without a deadlock', async () => {
  t = await backendStore('postgres');
  second = openPgStore(t.url!, { max: 4 });
  const a = t.ctx.port;
  const b = pipelineContext(t.store, {}, pgPortOf(second)).port;
  const deadlocks = async () => Number((await sql<{ n: string }>`select deadlocks as n from pg_stat_database where datname = current_database()`.execute(t!.db)).rows[0]!.n);
  const before = await deadlocks();
  // the same hours, buckets, domains and reasons from both hosts (the hot roll-up rows), groups in
  // opposite orders, single messages between them, and soft bounces over days (soft suppressions)
  const kinds = [hard, blocked, mailboxFull, (r: string, id: string) => complaint(r, 'abuse', id)];
  const item = (host: string, i: number, r: number) => ({
    raw: kinds[i % kinds.length]!(`u${i % 6}@d${i % 3}.example`, `${host}-${r}-${i}`),
    meta: at(`2024-05-0${1 + ((i + r) % 6)}T${String(8 + (i % 4)).padStart(2, '0')}:00:00Z`),
  });
  const group = (host: string, r: number) => Array.from({ length: 12 }, (_, i) => item(host, i, r));
  await Promise.all(
    Array.from({ length: 6 }, (_, r) => [
      a.ingestGroup(group('a', r)),
      b.ingestGroup(group('b', r).reverse()),
      a.ingest(item('a1', r, 100).raw, item('a1', r, 100).meta),
      b.ingest(item('b1', r, 100).raw, item('b1', r, 100).meta),
    ]).flat(),
  );
  expect(Number((await t.db.selectFrom('bounces').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(6 * 2 * 12 + 12);
  await expectTablesEqualCounts(t.db);
  await expectOverviewEqualsRows(a, t.db);
  // and at once: unsuppress and reparse on one host while the other writes
  await Promise.all([a.unsuppress('u0@d0.example', 'fixed', new Date('2024-05-07T08:00:00Z')), b.ingestGroup(group('c', 0)), a.reparse('all')]);
  await expectTablesEqualCounts(t.db);
  await expectOverviewEqualsRows(a, t.db);
  expect(await deadlocks()).toBe(before);
});

it('a transaction or a savepoint rolled back leaves the roll-ups as they were; SQL by hand is rolled up', async () => {
  t = await backendStore('postgres');
  await t.ctx.port.ingest(hard('a@dest.example'), at('2024-05-01T08:00:00Z'));
  const [{ id: messageId }] = await t.db.selectFrom('messages').select('id').execute();
  const snapshot = async () => (await sql<Record<string, unknown>>`select 'h' as t, hour::text as a, bucket as b, n from stats_hourly union all
    select 'd', day::text || dim, key, hard * 1000 + soft * 100 + complaint * 10 + other from stats_daily union all select 's', day::text, kind, n from stats_suppressions order by 1, 2, 3`.execute(t!.db)).rows;
  const was = await snapshot();
  const record = (recipient: string) => ({
    message_id: messageId, recipient, recipient_reported: recipient, domain: 'dest.example', kind: 'bounce', action: 'failed', status: '5.1.1', smtp_code: 550,
    type: 'hard', reason: 'userunknown', remote_mta: null, diagnostic: null, command: null, reporting_mta: null, original_message_id: null, feedback_type: null,
    from_return_path: 0, event_at: '2024-05-01T09:00:00.000Z',
  });
  await expect(
    t.db.transaction().execute(async (tx) => {
      await tx.insertInto('bounces').values(record('b@dest.example')).execute();
      throw new Error('rolled back');
    }),
  ).rejects.toThrow('rolled back');
  expect(await snapshot()).toEqual(was);
  await t.db.transaction().execute(async (tx) => {
    await sql`savepoint s`.execute(tx);
    await tx.insertInto('bounces').values(record('c@dest.example')).execute();
    await sql`rollback to savepoint s`.execute(tx);
    await tx.insertInto('bounces').values(record('d@dest.example')).execute();
  });
  expect(await snapshot()).not.toEqual(was);
  await expectTablesEqualCounts(t.db);
  expect(await t.ctx.port.recordSeries(WEEK, 'day')).toEqual([{ t: '2024-05-01', bucket: 'hard', n: 2 }]);
});

it('the migration fills the roll-ups from the rows already stored; its down step takes them away', async () => {
  t = await backendStore('postgres');
  const migrator = new Migrator({ db: t.db, provider: { getMigrations: async () => PG_MIGRATIONS }, allowUnorderedMigrations: true });
  expect((await migrator.migrateTo('0012-event-tokens')).error).toBeUndefined();
  const tables = async () => (await sql<{ n: string }>`select tablename as n from pg_tables where tablename like 'stats%' order by 1`.execute(t!.db)).rows.map((r) => r.n);
  expect(await tables()).toEqual([]);
  // written without roll-ups: the rows only
  const port = t.ctx.port;
  await port.ingest(hard('a@dest.example'), at('2024-05-01T08:00:00Z'));
  await port.ingest(mailboxFull('c@other.example'), at('2024-05-02T10:00:00Z'));
  await port.ingest(mailboxFull('c@other.example', 'again'), at('2024-05-04T10:00:00Z'));
  await port.ingest(complaint('e@other.example', 'abuse'), at('2024-05-03T12:00:00Z'));
  await port.unsuppress('a@dest.example', 'fixed', new Date('2024-05-05T08:00:00Z'));
  expect((await migrator.migrateToLatest()).error).toBeUndefined();
  expect(await tables()).toEqual(['stats_daily', 'stats_hourly', 'stats_pending', 'stats_pending_deltas', 'stats_suppressions']);
  await expectTablesEqualCounts(t.db);
  await expectOverviewEqualsRows(port, t.db);
  expect((await overview(port, WEEK)).totals).toEqual({ hard: 1, soft: 2, complaint: 1, other: 0 });
  // and kept from there on
  await port.ingest(blocked('d@gmail.com'), at('2024-05-06T11:00:00Z'));
  await expectTablesEqualCounts(t.db);
  await expectOverviewEqualsRows(port, t.db);
});
