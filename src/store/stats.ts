// Counts for `rebound stats`: totals and grouped counts of the per-recipient records. The group
// expressions come from the fixed list below, never from input.
import type { Store } from './open.js';
import { statement } from './sync.js';

export const STAT_COLUMNS = {
  kind: 'kind',
  reason: 'reason',
  type: "coalesce(type, '-')",
  domain: 'domain',
  code: "coalesce(cast(smtp_code as text), '-')",
  status: "coalesce(status, '-')",
  day: 'substr(event_at, 1, 10)',
  remote_mta: "coalesce(remote_mta, '')",
} as const;
export type StatColumn = keyof typeof STAT_COLUMNS;

export interface Totals {
  messages: number;
  messagesByStatus: Record<string, number>;
  bounces: number;
  /** records whose message does not vouch for the address (signed return paths required): never suppress */
  unvouched: number;
  suppressions: number;
  suppressionsByType: Record<string, number>;
}

const ACTIVE = '(lifted_at is null and (expires_at is null or expires_at > ?))';

export function totals(store: Store, at: string, since: string | null): Totals {
  const s = since ?? '';
  const byStatus = statement(store, 'select status as k, count(*) as n from messages where received_at >= ? group by status order by status')
    .all(s) as Array<{ k: string; n: number }>;
  const bounces = statement(store, 'select count(*) as n, count(*) filter (where vouched = 0) as u from bounces where event_at >= ?').get(s) as {
    n: number;
    u: number;
  };
  const byType = statement(
    store,
    `select type as k, count(*) as n from suppressions where ${ACTIVE} and suppressed_at >= ? group by type order by type`,
  ).all(at, s) as Array<{ k: string; n: number }>;
  return {
    messages: byStatus.reduce((a, r) => a + r.n, 0),
    messagesByStatus: Object.fromEntries(byStatus.map((r) => [r.k, r.n])),
    bounces: bounces.n,
    unvouched: bounces.u,
    suppressions: byType.reduce((a, r) => a + r.n, 0),
    suppressionsByType: Object.fromEntries(byType.map((r) => [r.k, r.n])),
  };
}

/**
 * Records grouped by the given columns, with their count. With `onlyReasons`, only the records of
 * those reasons that reached the policy (vouched for): the sender-side blocks it counts.
 */
export function groupedCounts(
  store: Store,
  columns: StatColumn[],
  since: string | null,
  onlyReasons?: readonly string[],
): Array<{ keys: string[]; count: number }> {
  const exprs = columns.map((c) => STAT_COLUMNS[c]);
  const reasonFilter = onlyReasons ? ` and vouched = 1 and reason in (${onlyReasons.map(() => '?').join(', ')})` : '';
  const sqlText =
    `select ${exprs.map((e, i) => `${e} as k${i}`).join(', ')}, count(*) as n from bounces ` +
    `where event_at >= ?${reasonFilter} group by ${exprs.map((_, i) => `k${i}`).join(', ')}`;
  const rows = statement(store, sqlText).all(since ?? '', ...(onlyReasons ?? [])) as Array<Record<string, string | number>>;
  return rows.map((r) => ({ keys: columns.map((_, i) => String(r[`k${i}`])), count: Number(r.n) }));
}
