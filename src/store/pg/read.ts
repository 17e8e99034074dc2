// What the PostgreSQL store answers: an address's state and history, pages of suppressions and
// records, the stats. The same queries as the SQLite side's (src/store/*.ts), written for a pool;
// the shapes returned are the same (times as ISO strings, ids as numbers: types.ts).
import { sql } from 'kysely';
import { parseAddress } from '../../address.js';
import type { CheckResult, History } from '../../policy/check.js';
import { type ActiveFilter, type PagePosition, whereActive } from '../suppressions.js';
import type { Cause } from '../causes.js';
import type { BounceFilter, BounceWithSource } from '../history.js';
import type { SuppressionRow } from '../schema.js';
import { type StatColumn, STAT_COLUMNS, type Totals } from '../stats.js';
import { type Stats, type StatsOptions, statsOf, statsQueries } from '../../stats/stats.js';
import type { PgPortContext, PgTx } from './context.js';
import { activeSuppressionPg, softStateAt } from './policy.js';

export async function checkPg(db: PgTx, ctx: PgPortContext, input: string, at: Date): Promise<CheckResult> {
  const a = parseAddress(input);
  const since = new Date(at.getTime() - ctx.policy.soft.windowDays * 86_400_000).toISOString();
  const reasons = ctx.policy.senderReasons;
  const [suppression, soft, senderBlocks] = await Promise.all([
    activeSuppressionPg(db, a.address, at.toISOString()),
    softStateAt(db, a.address),
    reasons.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('bounces')
          .select(['reason', (eb) => eb.fn.countAll<number>().as('count')])
          .where('domain', '=', a.domain)
          .where('event_at', '>=', since)
          .where('reason', 'in', reasons)
          .groupBy('reason')
          .orderBy('count', 'desc')
          .orderBy('reason')
          .execute(),
  ]);
  return { address: a.address, unicode: a.unicode, sendable: suppression === null, suppression, soft, senderBlocks };
}

export async function historyPg(db: PgTx, ctx: PgPortContext, input: string, at: Date): Promise<History> {
  const check = await checkPg(db, ctx, input, at);
  const [suppressions, records, manual] = await Promise.all([
    db.selectFrom('suppressions').selectAll().where('address', '=', check.address).orderBy('id').execute(),
    bouncesQuery(db).where('b.recipient', '=', check.address).orderBy('b.event_at').orderBy('b.id').execute(),
    db.selectFrom('manual_actions').selectAll().where('address', '=', check.address).orderBy('at').orderBy('id').execute(),
  ]);
  return { ...check, suppressions, records: records as BounceWithSource[], manual };
}

function bouncesQuery(db: PgTx) {
  return db.selectFrom('bounces as b').innerJoin('messages as m', 'm.id', 'b.message_id').selectAll('b').select(['m.source', 'm.source_ref', 'm.subject']);
}

/** Records with their message's source, in id order, one page. */
export async function bouncesPg(db: PgTx, f: BounceFilter): Promise<BounceWithSource[]> {
  let q = bouncesQuery(db).where('b.id', '>', f.afterId ?? 0);
  if (f.address) q = q.where('b.recipient', '=', f.address);
  if (f.reason) q = q.where('b.reason', '=', f.reason);
  if (f.since) q = q.where('b.event_at', '>=', f.since);
  return (await q.orderBy('b.id').limit(f.limit).execute()) as BounceWithSource[];
}

/** One page of the active suppressions in address order, after `after` (keyset paging on (address, id)). */
export async function suppressionsPagePg(db: PgTx, f: ActiveFilter, after: PagePosition | null, limit: number): Promise<SuppressionRow[]> {
  let q = whereActive(db.selectFrom('suppressions').selectAll(), f);
  if (after) q = q.where((eb) => eb(eb.refTuple('address', 'id'), '>', eb.tuple(after.address, after.id)));
  // the address column's collation is "C" (migration 0010): byte order, as in SQLite, on its index
  return q.orderBy('address').orderBy('id').limit(limit).execute();
}

/** The causes of these records, by record id (causes.ts on SQLite). */
export async function causesPg(db: PgTx, bounceIds: readonly number[]): Promise<Map<number, Cause>> {
  const out = new Map<number, Cause>();
  if (bounceIds.length === 0) return out;
  const rows = await db.selectFrom('bounces').select(['id', 'diagnostic', 'smtp_code']).where('id', '=', sql<number>`any(${[...bounceIds]}::bigint[])`).execute();
  for (const r of rows) out.set(r.id, { diagnostic: r.diagnostic, smtpCode: r.smtp_code });
  return out;
}

/** The grouping expressions on PostgreSQL: SQLite's, but the day of a timestamptz. */
const PG_STAT_COLUMNS: Record<StatColumn, string> = { ...STAT_COLUMNS, day: `to_char(event_at at time zone 'UTC', 'YYYY-MM-DD')` };

export async function statsPg(db: PgTx, ctx: PgPortContext, opts: StatsOptions): Promise<Stats> {
  const q = statsQueries(opts, ctx.policy.senderReasons);
  const [t, ...rows] = await Promise.all([totalsPg(db, ctx.now().toISOString(), q.since), ...q.groups.map((g) => groupedPg(db, g.columns, q.since, g.onlyReasons))]);
  return statsOf(q, t, rows);
}

async function totalsPg(db: PgTx, at: string, since: string | null): Promise<Totals> {
  const after = (col: string) => (since ? sql` and ${sql.ref(col)} >= ${since}` : sql``);
  const [byStatus, bounces, byType] = await Promise.all([
    sql<{ k: string; n: number }>`select status as k, count(*) as n from messages where true${after('received_at')} group by status order by status`.execute(db),
    sql<{ n: number; u: number }>`select count(*) as n, count(*) filter (where vouched = 0) as u from bounces where true${after('event_at')}`.execute(db),
    sql<{ k: string; n: number }>`select type as k, count(*) as n from suppressions
      where lifted_at is null and (expires_at is null or expires_at > ${at})${after('suppressed_at')} group by type order by type`.execute(db),
  ]);
  const b = bounces.rows[0] ?? { n: 0, u: 0 };
  return {
    messages: byStatus.rows.reduce((a, r) => a + r.n, 0),
    messagesByStatus: Object.fromEntries(byStatus.rows.map((r) => [r.k, r.n])),
    bounces: b.n,
    unvouched: b.u,
    suppressions: byType.rows.reduce((a, r) => a + r.n, 0),
    suppressionsByType: Object.fromEntries(byType.rows.map((r) => [r.k, r.n])),
  };
}

async function groupedPg(db: PgTx, columns: StatColumn[], since: string | null, onlyReasons?: readonly string[]) {
  if (onlyReasons && onlyReasons.length === 0) return [];
  // the expressions come from the fixed table above, never from input
  const exprs = columns.map((c, i) => sql.raw(`${PG_STAT_COLUMNS[c]} as k${i}`));
  const keys = columns.map((_, i) => sql.raw(`k${i}`));
  const where = [sql`true`];
  if (since) where.push(sql`event_at >= ${since}`);
  if (onlyReasons) where.push(sql`vouched = 1 and reason in (${sql.join(onlyReasons.map((r) => sql`${r}`))})`);
  const r = await sql<Record<string, string | number>>`select ${sql.join(exprs)}, count(*) as n from bounces where ${sql.join(where, sql` and `)} group by ${sql.join(keys)}`.execute(db);
  return r.rows.map((row) => ({ keys: columns.map((_, i) => String(row[`k${i}`])), count: Number(row.n) }));
}
