// `rebound stats`: totals, breakdowns of the records (by kind, reason, type, domain, provider,
// code, day, or a combination such as provider+code), and the sender-side blocks per destination
// domain that the policy counts instead of suppressing. Sorted so that the same data always prints
// the same bytes.
import type { PipelineContext } from '../pipeline/context.js';
import { type StatColumn, groupedCounts, totals, type Totals } from '../store/stats.js';
import { providerOf } from './providers.js';

export const DIMENSIONS = ['kind', 'reason', 'type', 'domain', 'provider', 'code', 'status', 'day'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface Breakdown {
  by: Dimension[];
  rows: Array<Record<string, string | number>>;
}

export interface Stats extends Totals {
  since: string | null;
  breakdowns: Breakdown[];
  /** sender- and message-level blocks, per destination domain and reason */
  senderBlocks: Array<{ domain: string; reason: string; count: number }>;
}

export interface StatsOptions {
  since?: Date;
  /** each entry one breakdown; `provider+code` crosses two dimensions */
  by?: Dimension[][];
}

export function computeStats(ctx: PipelineContext, opts: StatsOptions = {}): Stats {
  const store = ctx.store;
  const q = statsQueries(opts, ctx.policy.senderReasons);
  return statsOf(q, totals(store, ctx.now().toISOString(), q.since), q.groups.map((g) => groupedCounts(store, g.columns, q.since, g.onlyReasons)));
}

export interface GroupQuery {
  columns: StatColumn[];
  onlyReasons?: readonly string[];
}

/** What the stats read, whatever the store: the breakdowns' groups, then the sender-side blocks. */
export function statsQueries(opts: StatsOptions, senderReasons: readonly string[]): { since: string | null; by: Dimension[][]; groups: GroupQuery[] } {
  const since = opts.since?.toISOString() ?? null;
  const by: Dimension[][] = opts.by && opts.by.length ? opts.by : [['kind'], ['type']];
  const groups: GroupQuery[] = by.map((dims) => ({ columns: dims.flatMap((d): StatColumn[] => (d === 'provider' ? ['remote_mta', 'domain'] : [d])) }));
  groups.push({ columns: ['domain', 'reason'], onlyReasons: senderReasons });
  return { since, by, groups };
}

type GroupRows = Array<{ keys: string[]; count: number }>;

/** The stats from what statsQueries asked for: the totals and each group's rows, in its order. */
export function statsOf(q: ReturnType<typeof statsQueries>, t: Totals, rows: GroupRows[]): Stats {
  return {
    ...t,
    since: q.since,
    breakdowns: q.by.map((dims, i) => breakdown(dims, rows[i]!)),
    senderBlocks: rows[q.by.length]!
      .map((r) => ({ domain: r.keys[0]!, reason: r.keys[1]!, count: r.count }))
      .sort((a, b) => b.count - a.count || cmp(a.domain, b.domain) || cmp(a.reason, b.reason)),
  };
}

function breakdown(dims: Dimension[], rows: GroupRows): Breakdown {
  const merged = new Map<string, { keys: string[]; count: number }>();
  for (const row of rows) {
    let i = 0;
    const keys = dims.map((d) => {
      if (d === 'provider') {
        const k = providerOf(row.keys[i] || null, row.keys[i + 1] ?? null);
        i += 2;
        return k;
      }
      return row.keys[i++]!;
    });
    const id = keys.join('\u0000');
    const m = merged.get(id);
    if (m) m.count += row.count;
    else merged.set(id, { keys, count: row.count });
  }
  const sorted = [...merged.values()].sort((a, b) =>
    dims.includes('day') ? cmpKeys(a.keys, b.keys) : b.count - a.count || cmpKeys(a.keys, b.keys),
  );
  return {
    by: dims,
    rows: sorted.map((r) => ({ ...Object.fromEntries(dims.map((d, i) => [d, r.keys[i]!])), count: r.count })),
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function cmpKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = cmp(a[i]!, b[i]!);
    if (c) return c;
  }
  return 0;
}

export function parseDimensions(values: string[]): Dimension[][] {
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v) =>
      v.split('+').map((d) => {
        if (!(DIMENSIONS as readonly string[]).includes(d)) throw new Error(`unknown --by ${d} (one of ${DIMENSIONS.join(', ')})`);
        return d as Dimension;
      }),
    );
}

/** the text shows the largest sender-side blocks; --json has every row */
const SENDER_BLOCK_ROWS = 20;

export function formatStats(s: Stats): string {
  const lines: string[] = [];
  const parts = (o: Record<string, number>) => Object.entries(o).map(([k, n]) => `${k} ${n}`).join(', ');
  lines.push(`messages      ${s.messages}${s.messages ? ` (${parts(s.messagesByStatus)})` : ''}`);
  lines.push(`records       ${s.bounces}${s.unvouched ? ` (${s.unvouched} not vouched for by a signed return path: they suppress nobody)` : ''}`);
  lines.push(`suppressions  ${s.suppressions}${s.suppressions ? ` (${parts(s.suppressionsByType)})` : ''}`);
  if (s.since) lines.push(`since         ${s.since}`);
  for (const b of s.breakdowns) {
    lines.push('', `by ${b.by.join(' + ')}`);
    const widths = b.by.map((d) => Math.max(4, ...b.rows.map((r) => String(r[d]).length)));
    for (const r of b.rows) lines.push(`  ${b.by.map((d, i) => String(r[d]).padEnd(widths[i]!)).join('  ')}  ${r.count}`);
  }
  if (s.senderBlocks.length) {
    lines.push('', 'sender-side blocks by destination domain (never suppress the recipient)');
    const top = s.senderBlocks.slice(0, SENDER_BLOCK_ROWS);
    const dw = Math.max(...top.map((r) => r.domain.length));
    const rw = Math.max(...top.map((r) => r.reason.length));
    for (const r of top) lines.push(`  ${r.domain.padEnd(dw)}  ${r.reason.padEnd(rw)}  ${r.count}`);
    const rest = s.senderBlocks.length - top.length;
    if (rest > 0) lines.push(`  … ${rest} more (--json lists them all)`);
  }
  return lines.join('\n') + '\n';
}
