// The roll-ups of inserted rows (migration 0014): the records and suppressions a transaction
// inserts are noted as they are inserted (the columns the roll-ups read, as inserted: what the
// insert triggers of 0009 and 0013 read), and just before its commit each roll-up gets one upsert
// per key for them all (rollup-sql.ts, the triggers' own expressions); outside a transaction, at
// once. A savepoint rolled back drops its rows (sync.ts). Updates and deletes still go through the
// triggers, so a row inserted then changed in the same transaction is counted as before.
import type { Store } from './open.js';
import type { NewBounce, NewSuppression } from './schema.js';
import { BOUNCE_ROLLUP_COLUMNS, SUPPRESSION_ROLLUP_COLUMNS, dailyOfRows, hourlyOfRows, liftedOfRows, madeOfRows } from './rollup-sql.js';
import { noteForRollUp, rollUpBeforeCommit, statement } from './sync.js';

type Noted = [table: 'b' | 's', values: unknown[]];

/** The rows of a JSON array of arrays (one per row, values in `columns` order), as a relation. */
const fromJson = (columns: readonly string[]) => `(select ${columns.map((c, i) => `value ->> ${i} as ${c}`).join(', ')} from json_each(?))`;

const BOUNCE_ROWS = fromJson(BOUNCE_ROLLUP_COLUMNS);
const SUPPRESSION_ROWS = fromJson(SUPPRESSION_ROLLUP_COLUMNS);
const STATEMENTS: Record<Noted[0], string[]> = {
  b: [hourlyOfRows(BOUNCE_ROWS), ...dailyOfRows(BOUNCE_ROWS)],
  s: [madeOfRows(SUPPRESSION_ROWS), liftedOfRows(SUPPRESSION_ROWS)],
};

/** A record inserted: its roll-ups follow at the commit. */
export function noteBounce(store: Store, row: NewBounce): void {
  noteForRollUp(store, ['b', BOUNCE_ROLLUP_COLUMNS.map((c) => row[c] ?? null)] satisfies Noted);
}

/** A suppression inserted: its roll-up follows at the commit. */
export function noteSuppression(store: Store, row: NewSuppression): void {
  noteForRollUp(store, ['s', SUPPRESSION_ROLLUP_COLUMNS.map((c) => row[c] ?? null)] satisfies Noted);
}

/** per roll-up: its table, and the insert trigger that keeps it in a store not yet migrated to 0014 */
const KEPT_BY: Record<Noted[0], [table: string, trigger: string]> = { b: ['stats_hourly', 'stats_hourly_insert'], s: ['stats_suppressions', 'stats_suppressions_insert'] };

/**
 * Which roll-ups this code adds in the store's schema as it is: not one its schema lacks (a store
 * older than 0009 or 0013, as tests make) nor one its insert trigger still adds (older than 0014).
 * Read again when the schema changes (a migration on this connection).
 */
const ours = new WeakMap<Store['sqlite'], { version: number; tables: Set<Noted[0]> }>();

function rolledUpHere(store: Store): Set<Noted[0]> {
  const version = statement(store, 'pragma schema_version').pluck().get() as number;
  let known = ours.get(store.sqlite);
  if (known?.version !== version) {
    const has = (type: string, name: string) => statement(store, 'select 1 from sqlite_master where type = ? and name = ?').get(type, name) !== undefined;
    const tables = new Set((['b', 's'] as const).filter((t) => has('table', KEPT_BY[t][0]) && !has('trigger', KEPT_BY[t][1])));
    ours.set(store.sqlite, (known = { version, tables }));
  }
  return known.tables;
}

function rollUp(store: Store, noted: unknown[]): void {
  const here = rolledUpHere(store);
  for (const table of here) {
    const rows = (noted as Noted[]).filter((n) => n[0] === table).map((n) => n[1]);
    if (!rows.length) continue;
    const json = JSON.stringify(rows);
    for (const sqlText of STATEMENTS[table]) statement(store, sqlText).run(json);
  }
}

rollUpBeforeCommit(rollUp);
