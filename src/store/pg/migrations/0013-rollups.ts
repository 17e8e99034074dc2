// The dashboard's roll-ups on PostgreSQL, as SQLite has them (its migrations 0009, 0013, 0014): the
// overview of a million records read those records and half a million suppressions row by row
// (seconds); it now reads a few thousand roll-up rows. Kept by statement-level triggers on `bounces`
// and `suppressions` (every writer keeps them right without knowing of them: ingestion, the policy,
// reparse, unsuppress, `rebound store copy`, SQL by hand) that note each statement's changes, summed
// by key, in this transaction's pending deltas; a deferred constraint trigger adds them to the
// roll-ups at the commit, one upsert per roll-up, keys in order (../rollup-sql.ts says why).
// Filled from the rows already stored. The triggers are made before the fill: making them locks
// both tables against writes until this migration commits, so no row is counted twice or missed
// while hosts keep writing.
import { type Kysely, sql } from 'kysely';
import { DAILY_OF_ALL, FOLD_BODY, HOURLY_OF_ALL, PENDING_COLUMNS, SUPPRESSIONS_OF_ALL, bouncesTrigger, suppressionsTrigger } from '../rollup-sql.js';

const OPS = ['insert', 'delete', 'update'] as const;
const REFERENCING = { insert: 'new table as new_rows', delete: 'old table as old_rows', update: 'old table as old_rows new table as new_rows' } as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table stats_hourly (hour timestamp not null, bucket text not null, n integer not null, primary key (hour, bucket))`.execute(db);
  // the dimension first: the signals read the small `why` part of eight days
  await sql`create table stats_daily (dim text not null, day date not null, key text collate "C" not null,
    hard integer not null, soft integer not null, complaint integer not null, other integer not null, primary key (dim, day, key))`.execute(db);
  await sql`create table stats_suppressions (day date not null, kind text not null, n integer not null, primary key (day, kind))`.execute(db);

  // a transaction's deltas until its commit (one row per statement, as arrays), and one row per
  // transaction that has some (its fold at the commit): unlogged, a crash ends the transactions
  await sql`create unlogged table stats_pending (xid xid8 primary key)`.execute(db);
  await sql
    .raw(`create unlogged table stats_pending_deltas (xid xid8 not null, ${PENDING_COLUMNS.map(([c, type]) => `${c} ${type}`).join(', ')})`)
    .execute(db);
  await sql`create index stats_pending_deltas_xid on stats_pending_deltas (xid)`.execute(db);

  await sql.raw(`create function stats_fold() returns trigger language plpgsql as $$\n${FOLD_BODY}\n$$`).execute(db);
  await sql`create constraint trigger stats_fold after insert on stats_pending deferrable initially deferred for each row execute function stats_fold()`.execute(db);

  for (const [table, body] of [['bounces', bouncesTrigger], ['suppressions', suppressionsTrigger]] as const) {
    for (const op of OPS) {
      await sql.raw(`create function stats_${table}_${op}() returns trigger language plpgsql as $$\n${body(op)}\n$$`).execute(db);
      await sql
        .raw(`create trigger stats_${table}_${op} after ${op} on ${table} referencing ${REFERENCING[op]} for each statement execute function stats_${table}_${op}()`)
        .execute(db);
    }
  }

  await sql.raw(`insert into stats_hourly (hour, bucket, n) ${HOURLY_OF_ALL}`).execute(db);
  await sql.raw(`insert into stats_daily (dim, day, key, hard, soft, complaint, other) ${DAILY_OF_ALL}`).execute(db);
  await sql.raw(`insert into stats_suppressions (day, kind, n) ${SUPPRESSIONS_OF_ALL}`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['bounces', 'suppressions']) {
    for (const op of OPS) {
      await sql.raw(`drop trigger stats_${table}_${op} on ${table}`).execute(db);
      await sql.raw(`drop function stats_${table}_${op}()`).execute(db);
    }
  }
  await sql`drop trigger stats_fold on stats_pending`.execute(db);
  await sql`drop function stats_fold()`.execute(db);
  for (const t of ['stats_pending_deltas', 'stats_pending', 'stats_suppressions', 'stats_daily', 'stats_hourly']) {
    await sql.raw(`drop table ${t}`).execute(db);
  }
}
