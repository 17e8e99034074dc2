// Roll-ups at commit. The insert triggers of 0009 and 0013 added each record's roll-ups as it was
// inserted: three upserts per record and one or two per suppression, each a trigger program run,
// a third of what an event cost to write. They are dropped: the store's insert functions
// (insertBounce, insertSuppression) note the rows, and each transaction adds their roll-ups once per
// key just before its commit (rollups-at-commit.ts; at once outside a transaction). A row inserted
// by other means (SQL typed by hand) is not rolled up. The update and delete triggers stay: every
// writer that changes or deletes rows keeps the roll-ups right without knowing of them.
// SQLite only: PostgreSQL keeps its own roll-ups (pg/migrations/0013-rollups.ts).
import { type Kysely, sql } from 'kysely';
import { COUNTED, dailyOfRow, hourlyOfRow, liftedOfRow, madeOfRow } from '../rollup-sql.js';

/** the insert triggers as 0009 and 0013 made them: name, table, condition, body */
const INSERT_TRIGGERS: Array<[name: string, table: string, when: string | null, body: string]> = [
  ['stats_hourly_insert', 'bounces', null, hourlyOfRow('new', '+')],
  ['stats_daily_insert', 'bounces', COUNTED('new'), dailyOfRow('new', '+')],
  ['stats_suppressions_insert', 'suppressions', null, madeOfRow('new', '+')],
  ['stats_suppressions_lifted_insert', 'suppressions', 'new.lifted_at is not null', liftedOfRow('new', '+')],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name] of INSERT_TRIGGERS) await sql.raw(`drop trigger ${name}`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name, table, when, body] of INSERT_TRIGGERS) {
    await sql.raw(`create trigger ${name} after insert on ${table} ${when ? `when ${when} ` : ''}begin ${body} end`).execute(db);
  }
}
