// Roll-ups at commit. The triggers of 0009 and 0013 add each record's roll-ups as it is inserted:
// three upserts per record and one or two per suppression, a third of what an event cost to write.
// A writer of many rows in one transaction (the events endpoint: SendGrid batches of 100) adds them
// instead once per key, just before its commit (rollups-at-commit.ts). While it does, its
// transaction holds the one row of `rollups_at_commit`, and the insert triggers stand aside for it;
// the row is deleted before the commit, so no other connection ever sees it, and every other
// writer, and every update and delete, still goes through the triggers.
// SQLite only: PostgreSQL has no roll-ups (pg/migrations/0009-dashboard.ts).
import { type Kysely, sql } from 'kysely';
import { COUNTED, dailyOfRow, hourlyOfRow, liftedOfRow, madeOfRow } from '../rollup-sql.js';

const NOT_DEFERRED = 'not exists (select 1 from rollups_at_commit)';
const WAS_LIFTED = 'new.lifted_at is not null';

/** the insert triggers: name, table, condition before this migration, body */
const INSERT_TRIGGERS: Array<[name: string, table: string, when: string | null, body: string]> = [
  ['stats_hourly_insert', 'bounces', null, hourlyOfRow('new', '+')],
  ['stats_daily_insert', 'bounces', COUNTED('new'), dailyOfRow('new', '+')],
  ['stats_suppressions_insert', 'suppressions', null, madeOfRow('new', '+')],
  ['stats_suppressions_lifted_insert', 'suppressions', WAS_LIFTED, liftedOfRow('new', '+')],
];

async function recreate(db: Kysely<unknown>, deferrable: boolean): Promise<void> {
  for (const [name, table, when, body] of INSERT_TRIGGERS) {
    const cond = [when, deferrable ? NOT_DEFERRED : null].filter(Boolean).join(' and ');
    await sql.raw(`drop trigger ${name}`).execute(db);
    await sql.raw(`create trigger ${name} after insert on ${table} ${cond ? `when ${cond} ` : ''}begin ${body} end`).execute(db);
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table rollups_at_commit (one integer primary key check (one = 1))`.execute(db);
  await recreate(db, true);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await recreate(db, false);
  await sql`drop table rollups_at_commit`.execute(db);
}
