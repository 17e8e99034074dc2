// The dashboard's tables. Roll-ups of the per-recipient records, kept by triggers (so every writer,
// reparse included, keeps them right without knowing of them): the overview of a million records
// reads a few thousand roll-up rows instead. Indexes for the suppression search and the time
// ranges. The signals raised and cleared (so a restart does not raise them again), and the messages
// a person marked as not bounces in the review queue.
import { type Kysely, sql } from 'kysely';
import { BUCKET, COLUMNS, COUNTED, DIM_EXPRS, dailyOfRow as daily, hourlyOfRow as hourly } from '../rollup-sql.js';

// the roll-ups' expressions and trigger bodies are shared with the write path (rollup-sql.ts)
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table stats_hourly (hour text not null, bucket text not null, n integer not null, primary key (hour, bucket)) without rowid`.execute(db);
  // one row per (day, dimension, key), the buckets as columns: a month of a big store's domains is
  // a few hundred thousand rows to add up, not four times that
  await sql`create table stats_daily (day text not null, dim text not null, key text not null,
    hard integer not null, soft integer not null, complaint integer not null, other integer not null,
    primary key (day, dim, key)) without rowid`.execute(db);
  await sql
    .raw(`insert into stats_hourly (hour, bucket, n) select substr(b.event_at, 1, 13), ${BUCKET('b')}, count(*) from bounces b group by 1, 2`)
    .execute(db);
  for (const [dim, expr] of DIM_EXPRS) {
    await sql
      .raw(
        `insert into stats_daily (day, dim, key, ${COLUMNS.join(', ')}) select substr(b.event_at, 1, 10), '${dim}', ${expr('b')}, ` +
          `${COLUMNS.map((c) => `sum(${BUCKET('b')} = '${c}')`).join(', ')} from bounces b where ${COUNTED('b')} group by 1, 3`,
      )
      .execute(db);
  }
  // INSERT ... VALUES upserts (rollup-sql.ts). An update (a migration renaming reasons) takes the
  // old row off and adds the new one.
  const triggers: Array<[name: string, event: string, when: string | null, body: string]> = [
    ['stats_hourly_insert', 'insert', null, hourly('new', '+')],
    ['stats_hourly_delete', 'delete', null, hourly('old', '-')],
    ['stats_hourly_update', 'update', null, hourly('old', '-') + ' ' + hourly('new', '+')],
    ['stats_daily_insert', 'insert', COUNTED('new'), daily('new', '+')],
    ['stats_daily_delete', 'delete', COUNTED('old'), daily('old', '-')],
    ['stats_daily_update_old', 'update', COUNTED('old'), daily('old', '-')],
    ['stats_daily_update_new', 'update', COUNTED('new'), daily('new', '+')],
  ];
  for (const [name, event, when, body] of triggers) {
    await sql.raw(`create trigger ${name} after ${event} on bounces ${when ? `when ${when} ` : ''}begin ${body} end`).execute(db);
  }
  // the overview's short ranges and the signals read records by time
  await sql`create index bounces_event_at on bounces (event_at)`.execute(db);
  // the suppression search: by time, by domain; and the chart of suppressions over time
  await sql`create index suppressions_suppressed_at on suppressions (suppressed_at, type)`.execute(db);
  await sql`create index suppressions_domain on suppressions (domain, address)`.execute(db);
  await sql`create index suppressions_lifted_at on suppressions (lifted_at) where lifted_at is not null`.execute(db);

  // who made a manual action (the dashboard's user, the API, the CLI): the audit trail
  await sql`alter table manual_actions add column actor text`.execute(db);

  await sql`create table alerts (
    id integer primary key autoincrement,
    key text not null,
    signal text not null,
    subject text not null,
    detail text not null,
    raised_at text not null,
    started_at text not null,
    cleared_at text
  )`.execute(db);
  await sql`create index alerts_open on alerts (key) where cleared_at is null`.execute(db);

  await sql`create table review_marks (
    message_id integer primary key references messages(id) on delete cascade,
    verdict text not null check (verdict in ('not-bounce')),
    note text,
    by text not null,
    at text not null
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table manual_actions drop column actor`.execute(db);
  for (const t of ['insert', 'delete', 'update']) await sql.raw(`drop trigger stats_hourly_${t}`).execute(db);
  for (const t of ['insert', 'delete', 'update_old', 'update_new']) await sql.raw(`drop trigger stats_daily_${t}`).execute(db);
  for (const i of ['bounces_event_at', 'suppressions_suppressed_at', 'suppressions_domain', 'suppressions_lifted_at']) {
    await sql.raw(`drop index ${i}`).execute(db);
  }
  for (const t of ['review_marks', 'alerts', 'stats_daily', 'stats_hourly']) await sql.raw(`drop table ${t}`).execute(db);
}
