// The overview's figures counted in the test from every record and suppression of the store (read
// whole, either backend), without the roll-ups or the store's own queries: what the roll-ups must
// add up to. The same contract as the port's (store/dashboard-port.ts).
import type { DashboardPort } from '../../src/store/dashboard-port.js';
import type { Bucket, BucketCounts, TimeRange, Unit } from '../../src/store/dashboard.js';
import { bySlotAndType } from '../../src/store/dashboard.js';
import type { BackendStore } from './backends.js';

type Counting = Pick<DashboardPort, 'recordSeries' | 'dimensionCounts' | 'dimensionCountsOfRecords' | 'suppressionSeries'>;

const bucketOf = (r: { kind: string; type: string | null }): Bucket =>
  r.kind === 'complaint' ? 'complaint' : (r.kind === 'bounce' || r.kind === 'delay') && (r.type === 'hard' || r.type === 'soft') ? r.type : 'other';

const len = (unit: Unit) => (unit === 'hour' ? 13 : 10);
const hourStart = (iso: string) => `${iso.slice(0, 13)}:00:00.000Z`;
const dayStart = (iso: string) => `${iso.slice(0, 10)}T00:00:00.000Z`;

/** The overview's questions answered from the rows as they are now. */
export async function countedFromRows(b: Pick<BackendStore, 'db'>): Promise<Counting> {
  const records = await b.db.selectFrom('bounces').select(['event_at', 'kind', 'type', 'remote_mta', 'domain', 'reason', 'smtp_code', 'status']).execute();
  const suppressions = await b.db.selectFrom('suppressions').select(['suppressed_at', 'type', 'lifted_at']).execute();
  const keys = (r: (typeof records)[number]) => [
    `${r.remote_mta ?? ''}\t${r.domain}`,
    `${r.reason}\t${r.smtp_code === null ? '-' : String(r.smtp_code)}\t${r.status ?? '-'}`,
  ];
  const counted = (r: TimeRange) => records.filter((x) => ['bounce', 'delay', 'complaint'].includes(x.kind) && x.event_at >= r.from && x.event_at < r.to);
  const byKey = (rows: typeof records, i: number): BucketCounts[] => {
    const m = new Map<string, BucketCounts>();
    for (const x of rows) {
      const key = keys(x)[i]!;
      const c = m.get(key) ?? { key, hard: 0, soft: 0, complaint: 0, other: 0 };
      c[bucketOf(x)]++;
      m.set(key, c);
    }
    return [...m.values()];
  };
  const tally = <K extends string>(items: Array<[t: string, k: K]>) => {
    const m = new Map<string, number>();
    for (const [t, k] of items) m.set(`${t}|${k}`, (m.get(`${t}|${k}`) ?? 0) + 1);
    return [...m].map(([tk, n]) => ({ t: tk.split('|')[0]!, type: tk.split('|')[1]! as K, n })).sort(bySlotAndType);
  };
  return {
    recordSeries: async (r, unit) =>
      tally(records.filter((x) => x.event_at >= hourStart(r.from) && x.event_at < hourStart(r.to)).map((x) => [x.event_at.slice(0, len(unit)), bucketOf(x)] as [string, Bucket])).map(
        ({ t, type, n }) => ({ t, bucket: type, n }),
      ),
    dimensionCounts: async (dim, r) => byKey(counted({ from: dayStart(r.from), to: dayStart(r.to) }), dim === 'rcpt' ? 0 : 1),
    dimensionCountsOfRecords: async (r) => [byKey(counted(r), 0), byKey(counted(r), 1)],
    suppressionSeries: async (r, unit) =>
      tally([
        ...suppressions.filter((s) => s.suppressed_at >= r.from && s.suppressed_at < r.to).map((s) => [s.suppressed_at.slice(0, len(unit)), s.type] as [string, string]),
        ...suppressions.filter((s) => s.lifted_at !== null && s.lifted_at >= r.from && s.lifted_at < r.to).map((s) => [s.lifted_at!.slice(0, len(unit)), 'lifted'] as [string, string]),
      ]),
  };
}
