// The suppressions over time, rolled up by day like the records (migration 0009): the overview's
// chart of a month counted half a million suppressions row by row (most of its time on a million
// records); it now reads one row per day and type. Kept by triggers, so every writer (the policy,
// a manual suppress or unsuppress, a reparse's replay) keeps it right without knowing of it.
// `kind` is the suppression's type on the day it was made, and `lifted` on the day it was lifted.
// SQLite only: PostgreSQL keeps its own roll-ups (pg/migrations/0013-rollups.ts).
import { type Kysely, sql } from 'kysely';
import { liftedOfRow, madeOfRow } from '../rollup-sql.js';

const MADE = madeOfRow;
const LIFTED = liftedOfRow;
const WAS_LIFTED = (r: string) => `${r}.lifted_at is not null`;
const UPDATE = 'update of suppressed_at, type, lifted_at';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table stats_suppressions (day text not null, kind text not null, n integer not null, primary key (day, kind)) without rowid`.execute(db);
  await sql`insert into stats_suppressions (day, kind, n) select substr(suppressed_at, 1, 10), type, count(*) from suppressions group by 1, 2`.execute(db);
  await sql`insert into stats_suppressions (day, kind, n) select substr(lifted_at, 1, 10), 'lifted', count(*) from suppressions where lifted_at is not null group by 1`.execute(db);
  // INSERT ... VALUES upserts (the INSERT ... SELECT form costs far more inside a trigger), so the
  // lifted ones have triggers of their own; an update of the other columns (the last event, the
  // count of a soft suppression) changes nothing here and fires none
  for (const [name, event, when, body] of TRIGGERS) {
    await sql.raw(`create trigger ${name} after ${event} on suppressions ${when ? `when ${when} ` : ''}begin ${body} end`).execute(db);
  }
}

const TRIGGERS: Array<[name: string, event: string, when: string | null, body: string]> = [
  ['stats_suppressions_insert', 'insert', null, MADE('new', '+')],
  ['stats_suppressions_delete', 'delete', null, MADE('old', '-')],
  ['stats_suppressions_update', UPDATE, null, `${MADE('old', '-')} ${MADE('new', '+')}`],
  ['stats_suppressions_lifted_insert', 'insert', WAS_LIFTED('new'), LIFTED('new', '+')],
  ['stats_suppressions_lifted_delete', 'delete', WAS_LIFTED('old'), LIFTED('old', '-')],
  ['stats_suppressions_lifted_update_old', UPDATE, WAS_LIFTED('old'), LIFTED('old', '-')],
  ['stats_suppressions_lifted_update_new', UPDATE, WAS_LIFTED('new'), LIFTED('new', '+')],
];

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of TRIGGERS) await sql.raw(`drop trigger ${name}`).execute(db);
  await sql`drop table stats_suppressions`.execute(db);
}
