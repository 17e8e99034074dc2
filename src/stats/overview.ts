// The dashboard's overview of a time range: records per hour or day stacked by hard / soft /
// complaint, suppressions made and lifted over time, and the top providers, recipient domains,
// reasons, reply codes and enhanced status codes, each split by bucket. Read from the roll-ups for
// whole days (fast on a big store), from the records for shorter ranges.
import type { DashboardPort } from '../store/dashboard-port.js';
import { type Bucket, type BucketCounts, type TimeRange, type Unit, wholeDays } from '../store/dashboard.js';
import { providerOf } from './providers.js';

export const BUCKETS: readonly Bucket[] = ['hard', 'soft', 'complaint', 'other'];
export const TOP_LISTS = ['provider', 'domain', 'reason', 'code', 'status'] as const;
type TopList = (typeof TOP_LISTS)[number];
export const SUPPRESSION_KINDS = ['hard', 'soft', 'complaint', 'manual', 'lifted'] as const;

export interface TopRow {
  key: string;
  total: number;
  hard: number;
  soft: number;
  complaint: number;
  other: number;
}

export interface Overview {
  range: TimeRange;
  unit: Unit;
  /** the slots of the range: `2024-05-01` or `2024-05-01T08` */
  slots: string[];
  records: Record<Bucket, number[]>;
  suppressions: Record<(typeof SUPPRESSION_KINDS)[number], number[]>;
  totals: Record<Bucket, number>;
  top: Record<TopList, TopRow[]>;
}

/** Ranges up to this long are shown by the hour */
const HOURLY_UP_TO = 3 * 86_400_000;
const TOP = 10;

export function unitOf(r: TimeRange): Unit {
  return Date.parse(r.to) - Date.parse(r.from) <= HOURLY_UP_TO ? 'hour' : 'day';
}

export function slotsOf(r: TimeRange, unit: Unit): string[] {
  const step = unit === 'hour' ? 3_600_000 : 86_400_000;
  const len = unit === 'hour' ? 13 : 10;
  const out: string[] = [];
  const start = Date.parse(r.from.slice(0, len) + (unit === 'hour' ? ':00:00Z' : 'T00:00:00Z'));
  for (let t = start; t < Date.parse(r.to) && out.length < 2000; t += step) out.push(new Date(t).toISOString().slice(0, len));
  return out;
}

export async function overview(store: DashboardPort, range: TimeRange): Promise<Overview> {
  const unit = unitOf(range);
  const slots = slotsOf(range, unit);
  const index = new Map(slots.map((s, i) => [s, i]));
  const zeros = () => slots.map(() => 0);
  const records = Object.fromEntries(BUCKETS.map((b) => [b, zeros()])) as Overview['records'];
  const totals = { hard: 0, soft: 0, complaint: 0, other: 0 };
  const [series, [rcpt, why], made] = await Promise.all([
    store.recordSeries(range, unit),
    wholeDays(range) ? Promise.all([store.dimensionCounts('rcpt', range), store.dimensionCounts('why', range)]) : store.dimensionCountsOfRecords(range),
    store.suppressionSeries(range, unit),
  ]);
  for (const r of series) {
    const i = index.get(r.t);
    if (i === undefined) continue;
    records[r.bucket][i] += r.n;
    totals[r.bucket] += r.n;
  }
  const suppressions = Object.fromEntries(SUPPRESSION_KINDS.map((k) => [k, zeros()])) as Overview['suppressions'];
  for (const r of made) {
    const i = index.get(r.t);
    const series = suppressions[r.type as keyof Overview['suppressions']];
    if (i !== undefined && series) series[i] += r.n;
  }
  // each top list reads its part of a roll-up key (names cached: a key comes once per day)
  const top: Overview['top'] = {
    provider: topOf(rcpt, memo(providerName)),
    domain: topOf(rcpt, (k) => k.slice(k.indexOf('\t') + 1)),
    reason: topOf(why, (k) => k.split('\t')[0]!),
    code: topOf(why, (k) => k.split('\t')[1]!),
    status: topOf(why, (k) => k.split('\t')[2]!),
  };
  return { range, unit, slots, records, suppressions, totals, top };
}

function topOf(counts: BucketCounts[], name: (key: string) => string): TopRow[] {
  const rows = new Map<string, TopRow>();
  for (const r of counts) {
    const key = name(r.key);
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { key, total: 0, hard: 0, soft: 0, complaint: 0, other: 0 }));
    for (const b of BUCKETS) {
      row[b] += r[b];
      row.total += r[b];
    }
  }
  return [...rows.values()].sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : 1)).slice(0, TOP);
}

function memo(f: (k: string) => string): (k: string) => string {
  const seen = new Map<string, string>();
  return (k) => {
    let v = seen.get(k);
    if (v === undefined) seen.set(k, (v = f(k)));
    return v;
  };
}

/** `remote MTA <tab> domain` → the provider, or the domain when it is none of the known ones */
function providerName(key: string): string {
  const tab = key.indexOf('\t');
  const domain = key.slice(tab + 1);
  const p = providerOf(key.slice(0, tab) || null, domain);
  return p === 'other' ? domain : p;
}
