// Roll-ups added once per transaction (migration 0014): a writer of many records in one
// transaction (the events endpoint) runs it through `transactionRollingUpAtCommit`. Its inserted
// records and suppressions are noted as they are inserted (the columns the roll-ups read, as they
// were inserted: what the insert triggers would have read), and just before the commit each roll-up
// gets one upsert per key (rollup-sql.ts, the triggers' own expressions). Updates and deletes go
// through the triggers as before, so a row inserted then changed in the same transaction ends up
// counted as the triggers would have counted it. A savepoint rolled back drops its rows (sync.ts).
import type { Store } from './open.js';
import type { NewBounce, NewSuppression } from './schema.js';
import { BOUNCE_ROLLUP_COLUMNS, SUPPRESSION_ROLLUP_COLUMNS, dailyOfRows, hourlyOfRows, liftedOfRows, madeOfRows } from './rollup-sql.js';
import { collectRowsAtCommit, inTransaction, rowsAtCommit, statement, transaction } from './sync.js';

type Noted = [table: 'b', values: unknown[]] | [table: 's', values: unknown[]];

/** The rows of a JSON array of arrays (one per row, values in `columns` order), as a relation. */
const fromJson = (columns: readonly string[]) => `(select ${columns.map((c, i) => `value ->> ${i} as ${c}`).join(', ')} from json_each(?))`;

const BOUNCE_ROWS = fromJson(BOUNCE_ROLLUP_COLUMNS);
const SUPPRESSION_ROWS = fromJson(SUPPRESSION_ROLLUP_COLUMNS);
const BOUNCE_STATEMENTS = [hourlyOfRows(BOUNCE_ROWS), ...dailyOfRows(BOUNCE_ROWS)];
const SUPPRESSION_STATEMENTS = [madeOfRows(SUPPRESSION_ROWS), liftedOfRows(SUPPRESSION_ROWS)];

/**
 * Run `fn` in one transaction whose records' and suppressions' roll-ups are added at its end.
 * Inside a transaction already open, `fn` runs in a savepoint of it, rolled up as that one is.
 */
export function transactionRollingUpAtCommit<T>(store: Store, fn: () => T): T {
  if (inTransaction(store)) return transaction(store, fn);
  return transaction(store, () => {
    // the insert triggers stand aside for this transaction only (never seen committed)
    statement(store, 'insert into rollups_at_commit (one) values (1)').run();
    const noted: Noted[] = [];
    collectRowsAtCommit(store, noted);
    try {
      const result = fn();
      // SQLite may have rolled the whole transaction back (SQLITE_FULL) under a savepoint that
      // caught the error: nothing is written outside it, and its commit fails
      if (inTransaction(store)) {
        rollUp(store, noted);
        statement(store, 'delete from rollups_at_commit').run();
      }
      return result;
    } finally {
      collectRowsAtCommit(store, null);
    }
  });
}

/** A record inserted: noted for the commit's roll-up when one is pending. */
export function noteBounce(store: Store, row: NewBounce): void {
  const noted = rowsAtCommit(store) as Noted[] | null;
  if (noted) noted.push(['b', BOUNCE_ROLLUP_COLUMNS.map((c) => row[c] ?? null)]);
}

/** A suppression inserted: noted for the commit's roll-up when one is pending. */
export function noteSuppression(store: Store, row: NewSuppression): void {
  const noted = rowsAtCommit(store) as Noted[] | null;
  if (noted) noted.push(['s', SUPPRESSION_ROLLUP_COLUMNS.map((c) => row[c] ?? null)]);
}

function rollUp(store: Store, noted: Noted[]): void {
  const of = (table: Noted[0]) => noted.filter((n) => n[0] === table).map((n) => n[1]);
  for (const [rows, statements] of [
    [of('b'), BOUNCE_STATEMENTS],
    [of('s'), SUPPRESSION_STATEMENTS],
  ] as const) {
    if (!rows.length) continue;
    const json = JSON.stringify(rows);
    for (const sqlText of statements) statement(store, sqlText).run(json);
  }
}
