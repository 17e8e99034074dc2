// `rebound store copy`: an existing SQLite store moved into a PostgreSQL database, every table, ids
// kept (the records point at their messages, the suppressions at their records), in one PostgreSQL
// transaction: the target has all of it or nothing. The target must hold no data yet (copying twice
// would mix two histories); its schema is made first.
import { sql } from 'kysely';
import type { Store } from '../open.js';
import { statement } from '../sync.js';
import { migratePg, type PgStore } from './open.js';

/** In the order the foreign keys need; `id`: the table's numbered key, when it has one. */
const TABLES: ReadonlyArray<{ name: string; id?: string; pageRows: number }> = [
  { name: 'messages', id: 'id', pageRows: 1000 },
  { name: 'message_raw', pageRows: 50 }, // raw bytes: small pages
  { name: 'bounces', id: 'id', pageRows: 1000 },
  { name: 'suppressions', id: 'id', pageRows: 1000 },
  { name: 'soft_state', pageRows: 1000 },
  { name: 'manual_actions', id: 'id', pageRows: 1000 },
  { name: 'imap_state', pageRows: 1000 },
  { name: 'webhook_outbox', id: 'id', pageRows: 1000 },
  { name: 'sns_subscriptions', pageRows: 1000 },
  { name: 'alerts', id: 'id', pageRows: 1000 },
  { name: 'review_marks', pageRows: 1000 },
];

export type CopyCounts = Record<string, number>;

export async function copySqliteToPg(from: Store, to: PgStore, onTable?: (table: string, rows: number) => void): Promise<CopyCounts> {
  const migrated = await migratePg(to);
  if (migrated.error) throw migrated.error;
  const db = to.db;
  const counts: CopyCounts = {};
  await db.transaction().execute(async (trx) => {
    for (const t of TABLES) {
      const held = await sql<{ n: string }>`select count(*) as n from ${sql.table(t.name)}`.execute(trx);
      if (Number(held.rows[0]?.n ?? 0) > 0) throw new Error(`the target already holds ${t.name}: copy into an empty database`);
    }
    for (const t of TABLES) {
      let n = 0;
      // pages by rowid: every table has one, and it is the insertion order
      for (let after = 0; ; ) {
        const rows = statement(from, `select rowid as _rowid, * from "${t.name}" where rowid > ? order by rowid limit ${t.pageRows}`).all(after) as Array<
          Record<string, unknown> & { _rowid: number }
        >;
        if (rows.length === 0) break;
        after = rows[rows.length - 1]!._rowid;
        const values = rows.map(({ _rowid, ...row }) => row);
        await trx.insertInto(t.name as never).values(values as never).execute();
        n += rows.length;
      }
      // the next id the database gives follows the copied ones
      if (t.id && n > 0) await sql`select setval(pg_get_serial_sequence(${t.name}, ${t.id}), (select max(${sql.ref(t.id)}) from ${sql.table(t.name)}))`.execute(trx);
      counts[t.name] = n;
      onTable?.(t.name, n);
    }
  });
  return counts;
}
