// The gauges of a metrics scrape on PostgreSQL (counts.ts on SQLite): active suppressions by type,
// messages pending, the webhook outbox by state, and the database's size (pg_database_size).
import { sql } from 'kysely';
import type { OutboxState } from '../schema.js';
import type { StoreCounts } from '../counts.js';
import type { PgTx } from './context.js';
import { whereActive } from '../suppressions.js';

export async function countsPg(db: PgTx, at: string): Promise<StoreCounts> {
  const [byType, pending, outboxRows, size] = await Promise.all([
    whereActive(db.selectFrom('suppressions').selectAll(), { at })
      .clearSelect()
      .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('type')
      .execute(),
    db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending').executeTakeFirst(),
    db.selectFrom('webhook_outbox').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute(),
    sql<{ n: number }>`select pg_database_size(current_database()) as n`.execute(db),
  ]);
  const outbox: Record<OutboxState, number> = { pending: 0, delivered: 0, dead: 0 };
  for (const r of outboxRows) outbox[r.state] = Number(r.n);
  return {
    suppressionsByType: Object.fromEntries(byType.map((r) => [r.type, Number(r.n)])),
    pendingMessages: Number(pending?.n ?? 0),
    outbox,
    databaseBytes: Number(size.rows[0]?.n ?? 0),
  };
}
