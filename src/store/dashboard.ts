// The dashboard's reads: the overview's series and top lists (from the roll-ups of migration 0009
// for long ranges, from the records for short ones), the suppression search, the review queue,
// and the signals' alerts. Group expressions and sort columns come from fixed lists, never input.
import type { Store } from './open.js';
import type { AlertRow, MessageRow, SuppressionRow } from './schema.js';
import { insertRow, statement } from './sync.js';

/** A time range, ISO-8601 UTC, `from` included, `to` excluded. */
export interface TimeRange {
  from: string;
  to: string;
}

export type Bucket = 'hard' | 'soft' | 'complaint' | 'other';
export type Unit = 'hour' | 'day';
export type Series = Array<{ t: string } & Record<string, number | string>>;

const prefix = (unit: Unit) => (unit === 'hour' ? 13 : 10);

/** Records per hour or day, by bucket (hard, soft, complaint, other). */
export function recordSeries(store: Store, r: TimeRange, unit: Unit): Array<{ t: string; bucket: Bucket; n: number }> {
  return statement(
    store,
    `select substr(hour, 1, ${prefix(unit)}) as t, bucket, sum(n) as n from stats_hourly ` +
      'where hour >= ? and hour < ? group by 1, 2 having sum(n) > 0 order by 1, 2',
  ).all(r.from.slice(0, 13), r.to.slice(0, 13)) as Array<{ t: string; bucket: Bucket; n: number }>;
}

/** The roll-up's dimensions (migration 0009): `rcpt` is `remote MTA<tab>domain`, `why` is `reason<tab>code<tab>status` */
export const ROLLUP_DIMS = ['rcpt', 'why'] as const;
export type RollupDim = (typeof ROLLUP_DIMS)[number];

const RAW_KEY: Record<RollupDim, string> = {
  rcpt: "coalesce(remote_mta, '') || char(9) || domain",
  why: "reason || char(9) || coalesce(cast(smtp_code as text), '-') || char(9) || coalesce(status, '-')",
};
const BUCKET =
  "case when kind = 'complaint' then 'complaint' when type = 'hard' then 'hard' when type = 'soft' then 'soft' else 'other' end";

export type BucketCounts = { key: string } & Record<Bucket, number>;

/**
 * Failure and complaint records of a range of whole days grouped by one dimension, counted by
 * bucket, from the daily roll-up.
 */
export function dimensionCounts(store: Store, dim: RollupDim, r: TimeRange): BucketCounts[] {
  return statement(
    store,
    'select key, sum(hard) as hard, sum(soft) as soft, sum(complaint) as complaint, sum(other) as other from stats_daily ' +
      'where dim = ? and day >= ? and day < ? group by key having sum(hard + soft + complaint + other) > 0',
  ).all(dim, r.from.slice(0, 10), r.to.slice(0, 10)) as BucketCounts[];
}

/**
 * The same from the records themselves, both dimensions in one pass (for a range that starts or
 * ends inside a day: 24 hours): [rcpt key, why key, bucket] per record.
 */
export function* dimensionRows(store: Store, r: TimeRange): Generator<[string, string, Bucket]> {
  const st = statement(
    store,
    `select ${RAW_KEY.rcpt}, ${RAW_KEY.why}, ${BUCKET} from bounces ` +
      "where event_at >= ? and event_at < ? and kind in ('bounce', 'delay', 'complaint')",
  );
  yield* st.raw(true).iterate(r.from, r.to) as Iterable<[string, string, Bucket]>;
}

const MIDNIGHT = /T00:00:00(\.000)?Z$/;
export function wholeDays(r: TimeRange): boolean {
  return MIDNIGHT.test(r.from) && MIDNIGHT.test(r.to);
}

/**
 * Suppressions made per hour or day by type, and lifted (`lifted`): whole days from the roll-up of
 * migration 0013, hours and the parts of days at a range's ends from the suppressions themselves.
 */
export function suppressionSeries(store: Store, r: TimeRange, unit: Unit): Array<{ t: string; type: string; n: number }> {
  const split = unit === 'day' ? wholeDaysOf(r) : null;
  if (!split) return suppressionRows(store, r, unit);
  const rows = [
    ...(statement(store, 'select day as t, kind as type, n from stats_suppressions where day >= ? and day < ? and n != 0').all(split.first, split.last) as Array<{ t: string; type: string; n: number }>),
    ...split.edges.flatMap((e) => suppressionRows(store, e, unit)),
  ];
  return rows.sort(bySlotAndType);
}

/**
 * The whole days of a range (`first` included, `last` excluded, `YYYY-MM-DD`) and the parts of days
 * at its ends (`edges`); null when it holds no whole day. Both backends split a range so.
 */
export function wholeDaysOf(r: TimeRange): { first: string; last: string; edges: TimeRange[] } | null {
  const first = wholeDays({ from: r.from, to: r.from }) ? r.from.slice(0, 10) : nextDay(r.from);
  const last = r.to.slice(0, 10);
  if (first >= last) return null;
  const midnight = (day: string) => `${day}T00:00:00.000Z`;
  const edges: TimeRange[] = [];
  if (r.from < midnight(first)) edges.push({ from: r.from, to: midnight(first) });
  if (midnight(last) < r.to) edges.push({ from: midnight(last), to: r.to });
  return { first, last, edges };
}

const nextDay = (iso: string) => new Date(Date.parse(`${iso.slice(0, 10)}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
/** by slot, then type, in byte order (both backends' answers sorted alike) */
export const bySlotAndType = (a: { t: string; type: string }, b: { t: string; type: string }) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0);

/** The same counted from the suppressions themselves. */
export function suppressionRows(store: Store, r: TimeRange, unit: Unit): Array<{ t: string; type: string; n: number }> {
  const p = prefix(unit);
  const made = statement(
    store,
    `select substr(suppressed_at, 1, ${p}) as t, type, count(*) as n from suppressions where suppressed_at >= ? and suppressed_at < ? group by 1, 2`,
  ).all(r.from, r.to) as Array<{ t: string; type: string; n: number }>;
  const lifted = statement(
    store,
    `select substr(lifted_at, 1, ${p}) as t, 'lifted' as type, count(*) as n from suppressions where lifted_at >= ? and lifted_at < ? group by 1`,
  ).all(r.from, r.to) as Array<{ t: string; type: string; n: number }>;
  return [...made, ...lifted].sort(bySlotAndType);
}

// ---- the suppression search

export const SUPPRESSION_SORTS = { address: 'address', domain: 'domain', type: 'type', reason: 'reason', suppressedAt: 'suppressed_at' } as const;
export type SuppressionSort = keyof typeof SUPPRESSION_SORTS;

export interface SuppressionSearch {
  /** the start of the address (the address index serves it) */
  q?: string;
  domain?: string;
  types?: string[];
  /** part of the reason */
  reason?: string;
  /** suppressed at or after / before */
  from?: string;
  to?: string;
  /** active (default), lifted (lifted or expired) or all */
  state: 'active' | 'lifted' | 'all';
  sort: SuppressionSort;
  desc: boolean;
  offset: number;
  limit: number;
}

/** Matches counted at most: past this many the pager says "10,000+" (counting half a million costs most of a second) */
export const COUNT_CAP = 10_000;

export interface SuppressionPage {
  /** at most COUNT_CAP + 1 (then: more than COUNT_CAP) */
  total: number;
  items: SuppressionRow[];
  /** there is a page after this one */
  more: boolean;
}

export function searchSuppressions(store: Store, s: SuppressionSearch, at: string): SuppressionPage {
  const where: string[] = [];
  const args: unknown[] = [];
  const add = (cond: string, ...v: unknown[]) => {
    where.push(cond);
    args.push(...v);
  };
  if (s.state === 'active') add('lifted_at is null and (expires_at is null or expires_at > ?)', at);
  if (s.state === 'lifted') add('(lifted_at is not null or expires_at <= ?)', at);
  if (s.q) add('address >= ? and address < ?', s.q.toLowerCase(), `${s.q.toLowerCase()}\u{10ffff}`);
  if (s.domain) add('domain = ?', s.domain);
  if (s.types?.length) add(`type in (${s.types.map(() => '?').join(', ')})`, ...s.types);
  if (s.reason) add('instr(lower(reason), ?) > 0', s.reason.toLowerCase());
  if (s.from) add('suppressed_at >= ?', s.from);
  if (s.to) add('suppressed_at < ?', s.to);
  const w = where.length ? `where ${where.join(' and ')}` : '';
  const total = (statement(store, `select count(*) as n from (select 1 from suppressions ${w} limit ?)`).get(...args, COUNT_CAP + 1) as { n: number }).n;
  const dir = s.desc ? 'desc' : 'asc';
  const rows = statement(
    store,
    `select * from suppressions ${w} order by ${SUPPRESSION_SORTS[s.sort]} ${dir}, id ${dir} limit ? offset ?`,
  ).all(...args, s.limit + 1, s.offset) as SuppressionRow[];
  return { total, items: rows.slice(0, s.limit), more: rows.length > s.limit };
}

// ---- the review queue: what Rebound could not classify

export interface ReviewItem {
  id: number;
  received_at: string;
  source: string;
  subject: string | null;
  kind: string | null;
  format: string | null;
  status: string;
  problems: string;
  /** the records' reasons, comma-separated (null: no recipient found) */
  reasons: string | null;
}

/** as `rebound parse --unknown`: no recipient found, or reason undefined or onhold; and unreadable ones */
const UNREVIEWED =
  "m.status != 'pending' and not exists (select 1 from review_marks r where r.message_id = m.id) and (" +
  "m.status = 'failed' " +
  'or not exists (select 1 from bounces b where b.message_id = m.id) ' +
  "or exists (select 1 from bounces b where b.message_id = m.id and b.reason in ('undefined', 'onhold')))";

/** Messages not classified (failed, no recipient, reason undefined or onhold) and not yet ruled on, newest first. */
export function reviewQueue(store: Store, offset: number, limit: number): { total: number; items: ReviewItem[] } {
  const total = (statement(store, `select count(*) as n from messages m where ${UNREVIEWED}`).get() as { n: number }).n;
  const items = statement(
    store,
    'select m.id, m.received_at, m.source, m.subject, m.kind, m.format, m.status, m.problems, ' +
      // in order, as PostgreSQL's string_agg gives them
      '(select group_concat(reason) from (select distinct b.reason from bounces b where b.message_id = m.id order by b.reason)) as reasons ' +
      `from messages m where ${UNREVIEWED} order by m.id desc limit ? offset ?`,
  ).all(limit, offset) as ReviewItem[];
  return { total, items };
}

/** The ids of the newest `limit` messages of the queue (a new rule is tried on them). */
export function reviewQueueIds(store: Store, limit: number): number[] {
  return (statement(store, `select m.id from messages m where ${UNREVIEWED} order by m.id desc limit ?`).all(limit) as Array<{ id: number }>).map((r) => r.id);
}

export function markReviewed(store: Store, messageId: number, verdict: 'not-bounce', note: string | null, by: string, at: string): boolean {
  return insertRow(store, 'review_marks', { message_id: messageId, verdict, note, by, at }, true) !== null;
}

export function reviewMarkOf(store: Store, messageId: number): { verdict: string; note: string | null; by: string; at: string } | undefined {
  return statement(store, 'select verdict, note, by, at from review_marks where message_id = ?').get(messageId) as
    | { verdict: string; note: string | null; by: string; at: string }
    | undefined;
}

/** The per-recipient records of one message. */
export function recordsOfMessage(store: Store, messageId: number): Array<Record<string, unknown>> {
  return statement(store, 'select * from bounces where message_id = ? order by id').all(messageId) as Array<Record<string, unknown>>;
}

export type MessageSummary = Pick<MessageRow, 'id' | 'received_at' | 'status' | 'kind'>;

// ---- signals

/** Records of the range for the signal rules: just the columns they read. */
export interface SignalRecord {
  id: number;
  message_id: number;
  recipient: string;
  domain: string;
  kind: string;
  status: string | null;
  smtp_code: number | null;
  reason: string;
  remote_mta: string | null;
  diagnostic: string | null;
  event_at: string;
}

export function recordsBetween(store: Store, r: TimeRange, limit: number): SignalRecord[] {
  return statement(
    store,
    'select id, message_id, recipient, domain, kind, status, smtp_code, reason, remote_mta, diagnostic, event_at from bounces ' +
      'where event_at >= ? and event_at < ? order by event_at, id limit ?',
  ).all(r.from, r.to, limit) as SignalRecord[];
}

/** Failures (not complaints) by enhanced status over whole days, from the roll-up: a baseline for the share of 5.1.x. */
export function statusCountsByDay(store: Store, fromDay: string, toDay: string): Array<{ status: string; n: number }> {
  const rows = statement(store, "select key, sum(hard + soft + other) as n from stats_daily where dim = 'why' and day >= ? and day < ? group by key").all(
    fromDay,
    toDay,
  ) as Array<{ key: string; n: number }>;
  const byStatus = new Map<string, number>();
  for (const r of rows) {
    const status = r.key.split('\t')[2]!;
    byStatus.set(status, (byStatus.get(status) ?? 0) + r.n);
  }
  return [...byStatus].map(([status, n]) => ({ status, n }));
}

export function openAlerts(store: Store): AlertRow[] {
  return statement(store, 'select * from alerts where cleared_at is null order by raised_at, id').all() as AlertRow[];
}

export function recentAlerts(store: Store, limit: number): AlertRow[] {
  return statement(store, 'select * from alerts order by id desc limit ?').all(limit) as AlertRow[];
}

export function insertAlert(store: Store, row: Omit<AlertRow, 'id'>): number {
  return insertRow(store, 'alerts', row)!;
}

export function clearAlert(store: Store, id: number, at: string): void {
  statement(store, 'update alerts set cleared_at = ? where id = ? and cleared_at is null').run(at, id);
}

export function updateAlertDetail(store: Store, id: number, detail: string): void {
  statement(store, 'update alerts set detail = ? where id = ?').run(detail, id);
}
