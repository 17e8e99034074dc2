// What the dashboard asks the store, as part of the asynchronous port (port.ts): the overview's
// series and top lists, the suppression search, the review queue, a message and its records, the
// signals' records and alerts. The SQLite side is the synchronous queries of dashboard.ts run on the
// connection (dashboardOnSqlite); the PostgreSQL side the same questions over the pool
// (pg/dashboard.ts), with the same answers.
import type { Store } from './open.js';
import type { AlertRow, MessageRow } from './schema.js';
import type { OutboxEvent } from './outbox.js';
import { enqueueOutbox } from './outbox.js';
import { getMessage, getRawInput } from './messages.js';
import { promiseOf as now, transaction } from './sync.js';
import {
  type Bucket,
  type BucketCounts,
  type ReviewItem,
  type RollupDim,
  type SignalRecord,
  type SuppressionPage,
  type SuppressionSearch,
  type TimeRange,
  type Unit,
  clearAlert,
  dimensionCounts,
  dimensionRows,
  insertAlert,
  markReviewed,
  openAlerts,
  recentAlerts,
  recordsBetween,
  recordsOfMessage,
  recordSeries,
  reviewMarkOf,
  reviewQueue,
  reviewQueueIds,
  searchSuppressions,
  statusCountsByDay,
  suppressionSeries,
  updateAlertDetail,
} from './dashboard.js';

export interface ReviewMark {
  verdict: string;
  note: string | null;
  by: string;
  at: string;
}

/** What the signals change in the alerts, decided from the open ones (signals/monitor.ts) */
export interface AlertPlan {
  /** alerts still holding: their detail brought up to date */
  update: Array<{ id: number; detail: string }>;
  /** alerts raised, with the webhook events they make once their id is known */
  raise: Array<{ row: Omit<AlertRow, 'id'>; events: (id: number) => OutboxEvent[] }>;
  /** alerts cleared at `at`, with their events */
  clear: Array<{ id: number; events: OutboxEvent[] }>;
  at: string;
}

export interface DashboardPort {
  /** records per hour or day by bucket, from the hour `r.from` is in to the one `r.to` is in (excluded) */
  recordSeries(r: TimeRange, unit: Unit): Promise<Array<{ t: string; bucket: Bucket; n: number }>>;
  /** failures and complaints of a range of whole days by one dimension, counted by bucket */
  dimensionCounts(dim: RollupDim, r: TimeRange): Promise<BucketCounts[]>;
  /** both dimensions counted from the records of any range: [rcpt, why] */
  dimensionCountsOfRecords(r: TimeRange): Promise<[BucketCounts[], BucketCounts[]]>;
  /** suppressions made by type and lifted (`lifted`), per hour or day */
  suppressionSeries(r: TimeRange, unit: Unit): Promise<Array<{ t: string; type: string; n: number }>>;
  searchSuppressions(s: SuppressionSearch, at: string): Promise<SuppressionPage>;

  reviewQueue(offset: number, limit: number): Promise<{ total: number; items: ReviewItem[] }>;
  reviewQueueIds(limit: number): Promise<number[]>;
  /** false: the message was marked already */
  markReviewed(messageId: number, verdict: 'not-bounce', note: string | null, by: string, at: string): Promise<boolean>;
  reviewMark(messageId: number): Promise<ReviewMark | null>;
  message(id: number): Promise<MessageRow | null>;
  /** the stored bytes and what they are (null: a mail message; else the service whose event they are) */
  rawInput(id: number): Promise<{ raw: Buffer; format: string | null } | null>;
  recordsOfMessage(messageId: number): Promise<Array<Record<string, unknown>>>;

  recordsBetween(r: TimeRange, limit: number): Promise<SignalRecord[]>;
  statusCountsByDay(fromDay: string, toDay: string): Promise<Array<{ status: string; n: number }>>;
  recentAlerts(limit: number): Promise<AlertRow[]>;
  /** the alerts raised and not cleared, oldest first */
  openAlerts(): Promise<AlertRow[]>;
  /**
   * One writer at a time (hosts sharing the store included): the open alerts read, `decide`'s plan
   * written with its events in one transaction. Resolves to the plan and the open alerts it cleared.
   */
  syncAlerts(decide: (open: AlertRow[]) => AlertPlan): Promise<{ plan: AlertPlan; cleared: AlertRow[] }>;
}

/** Both dimensions from the records, in one pass over them (dimensionRows). */
function countRecords(store: Store, range: TimeRange): [BucketCounts[], BucketCounts[]] {
  const maps = [new Map<string, BucketCounts>(), new Map<string, BucketCounts>()];
  for (const row of dimensionRows(store, range)) {
    for (let i = 0; i < 2; i++) {
      const key = row[i]!;
      let c = maps[i]!.get(key);
      if (!c) maps[i]!.set(key, (c = { key, hard: 0, soft: 0, complaint: 0, other: 0 }));
      c[row[2]]++;
    }
  }
  return [[...maps[0]!.values()], [...maps[1]!.values()]];
}

export function dashboardOnSqlite(store: Store): DashboardPort {
  return {
    recordSeries: (r, unit) => now(() => recordSeries(store, r, unit)),
    dimensionCounts: (dim, r) => now(() => dimensionCounts(store, dim, r)),
    dimensionCountsOfRecords: (r) => now(() => countRecords(store, r)),
    suppressionSeries: (r, unit) => now(() => suppressionSeries(store, r, unit)),
    searchSuppressions: (s, at) => now(() => searchSuppressions(store, s, at)),
    reviewQueue: (offset, limit) => now(() => reviewQueue(store, offset, limit)),
    reviewQueueIds: (limit) => now(() => reviewQueueIds(store, limit)),
    markReviewed: (id, verdict, note, by, at) => now(() => markReviewed(store, id, verdict, note, by, at)),
    reviewMark: (id) => now(() => reviewMarkOf(store, id) ?? null),
    message: (id) => now(() => getMessage(store, id) ?? null),
    rawInput: (id) => now(() => getRawInput(store, id) ?? null),
    recordsOfMessage: (id) => now(() => recordsOfMessage(store, id)),
    recordsBetween: (r, limit) => now(() => recordsBetween(store, r, limit)),
    statusCountsByDay: (from, to) => now(() => statusCountsByDay(store, from, to)),
    recentAlerts: (limit) => now(() => recentAlerts(store, limit)),
    openAlerts: () => now(() => openAlerts(store)),
    syncAlerts: (decide) =>
      now(() =>
        transaction(store, () => {
          const open = openAlerts(store);
          const plan = decide(open);
          for (const u of plan.update) updateAlertDetail(store, u.id, u.detail);
          for (const r of plan.raise) {
            const id = insertAlert(store, r.row);
            for (const ev of r.events(id)) enqueueOutbox(store, ev);
          }
          for (const c of plan.clear) {
            clearAlert(store, c.id, plan.at);
            for (const ev of c.events) enqueueOutbox(store, ev);
          }
          const gone = new Set(plan.clear.map((c) => c.id));
          return { plan, cleared: open.filter((a) => gone.has(a.id)) };
        }),
      ),
  };
}
