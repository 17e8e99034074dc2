// The dashboard's questions on PostgreSQL (the port's DashboardPort, dashboard-port.ts), answered
// as SQLite answers them (dashboard.ts): the same rows, times as ISO strings, text sorted by byte
// (collate "C", SQLite's order). The overview reads the roll-ups of migration 0013 (stats_hourly,
// stats_daily, stats_suppressions) as SQLite reads its own; a range that starts or ends inside a day
// counts those records and suppressions (the bounces_event_at and suppressions_* indexes of
// migration 0010), as SQLite does.
// Alerts are written by one host at a time (a transaction-scoped advisory lock), so two hosts
// seeing the same signal raise one alert and send one event.
import { sql } from 'kysely';
import type { AlertPlan, DashboardPort } from '../dashboard-port.js';
import {
  type Bucket,
  type BucketCounts,
  COUNT_CAP,
  type ReviewItem,
  type RollupDim,
  SUPPRESSION_SORTS,
  type SignalRecord,
  type SuppressionSearch,
  type TimeRange,
  type Unit,
  bySlotAndType,
  wholeDaysOf,
} from '../dashboard.js';
import type { AlertRow, MessageRow, SuppressionRow } from '../schema.js';
import type { OutboxEvent } from '../outbox.js';
import type { Pg, PgTx } from './context.js';
import { queueOutboxPg } from './outbox.js';
import { BUCKET as ROLLUP_BUCKET, COUNTED as ROLLUP_COUNTED, KEY as ROLLUP_KEY } from './rollup-sql.js';

/** a time's hour or day as SQLite's substr of its ISO text gives it */
const SLOT: Record<Unit, string> = { hour: `'YYYY-MM-DD"T"HH24'`, day: `'YYYY-MM-DD'` };
const slot = (col: string, unit: Unit) => sql.raw(`to_char(${col} at time zone 'UTC', ${SLOT[unit]})`);

/** the roll-ups' keys and buckets (rollup-sql.ts), on the records' own columns */
const KEY: Record<RollupDim, string> = { rcpt: ROLLUP_KEY.rcpt('bounces'), why: ROLLUP_KEY.why('bounces') };
const BUCKET = ROLLUP_BUCKET('bounces');
const COUNTED = sql.raw(ROLLUP_COUNTED('bounces'));

/** an ISO time's UTC hour and day, as the roll-ups' `timestamp` and `date` columns compare */
const hourOf = (iso: string) => `${iso.slice(0, 13)}:00:00`;
const dayOf = (iso: string) => iso.slice(0, 10);

type SlotCount = { t: string; type: string; n: number };

/** as dashboard.ts's UNREVIEWED */
const UNREVIEWED = sql.raw(
  "m.status != 'pending' and not exists (select 1 from review_marks r where r.message_id = m.id) and (" +
    "m.status = 'failed' or not exists (select 1 from bounces b where b.message_id = m.id) " +
    "or exists (select 1 from bounces b where b.message_id = m.id and b.reason in ('undefined', 'onhold')))",
);

export function dashboardOnPg(db: Pg): DashboardPort {
  const rows = async <R>(q: ReturnType<typeof sql<R>>): Promise<R[]> => (await q.execute(db)).rows;
  /** suppressions made by type and lifted, counted from the suppressions themselves */
  const suppressionRows = async (r: TimeRange, unit: Unit): Promise<SlotCount[]> => {
    const made = rows<SlotCount>(sql`select ${slot('suppressed_at', unit)} as t, type, count(*) as n from suppressions
      where suppressed_at >= ${r.from} and suppressed_at < ${r.to} group by 1, 2`);
    const lifted = rows<SlotCount>(sql`select ${slot('lifted_at', unit)} as t, 'lifted' as type, count(*) as n from suppressions
      where lifted_at >= ${r.from} and lifted_at < ${r.to} group by 1`);
    return [...(await made), ...(await lifted)].sort(bySlotAndType);
  };
  return {
    recordSeries: async (r, unit) =>
      (
        await rows<{ t: string; type: Bucket; n: number }>(sql`select to_char(hour, ${sql.raw(SLOT[unit])}) as t, bucket as type, sum(n) as n from stats_hourly
          where hour >= ${hourOf(r.from)} and hour < ${hourOf(r.to)} group by 1, 2 having sum(n) > 0`)
      )
        .sort(bySlotAndType)
        .map(({ t, type, n }) => ({ t, bucket: type, n })),

    dimensionCounts: (dim, r) =>
      rows<BucketCounts>(sql`select key, sum(hard) as hard, sum(soft) as soft, sum(complaint) as complaint, sum(other) as other from stats_daily
        where dim = ${dim} and day >= ${dayOf(r.from)} and day < ${dayOf(r.to)} group by key having sum(hard + soft + complaint + other) > 0`),

    dimensionCountsOfRecords: async (r) => {
      const counted = await rows<{ rcpt: string; why: string; bucket: Bucket; n: number }>(sql`select ${sql.raw(KEY.rcpt)} as rcpt, ${sql.raw(KEY.why)} as why,
        ${sql.raw(BUCKET)} as bucket, count(*) as n from bounces where ${COUNTED} and event_at >= ${r.from} and event_at < ${r.to} group by 1, 2, 3`);
      const maps = [new Map<string, BucketCounts>(), new Map<string, BucketCounts>()] as const;
      for (const c of counted) {
        for (const [i, key] of [c.rcpt, c.why].entries()) {
          let b = maps[i]!.get(key);
          if (!b) maps[i]!.set(key, (b = { key, hard: 0, soft: 0, complaint: 0, other: 0 }));
          b[c.bucket] += c.n;
        }
      }
      return [[...maps[0].values()], [...maps[1].values()]];
    },

    // whole days from the roll-up, hours and the parts of days at a range's ends from the suppressions
    suppressionSeries: async (r, unit) => {
      const split = unit === 'day' ? wholeDaysOf(r) : null;
      if (!split) return suppressionRows(r, unit);
      const parts = await Promise.all([
        rows<SlotCount>(sql`select to_char(day, 'YYYY-MM-DD') as t, kind as type, n from stats_suppressions
          where day >= ${split.first} and day < ${split.last} and n != 0`),
        ...split.edges.map((e) => suppressionRows(e, unit)),
      ]);
      return parts.flat().sort(bySlotAndType);
    },

    searchSuppressions: async (s: SuppressionSearch, at: string) => {
      const where = [sql`true`];
      if (s.state === 'active') where.push(sql`lifted_at is null and (expires_at is null or expires_at > ${at})`);
      if (s.state === 'lifted') where.push(sql`(lifted_at is not null or expires_at <= ${at})`);
      if (s.q) where.push(sql`address >= ${s.q.toLowerCase()} and address < ${`${s.q.toLowerCase()}\u{10ffff}`}`);
      if (s.domain) where.push(sql`domain = ${s.domain}`);
      if (s.types?.length) where.push(sql`type in (${sql.join(s.types)})`);
      if (s.reason) where.push(sql`strpos(lower(reason), ${s.reason.toLowerCase()}) > 0`);
      if (s.from) where.push(sql`suppressed_at >= ${s.from}`);
      if (s.to) where.push(sql`suppressed_at < ${s.to}`);
      const w = sql.join(where, sql` and `);
      const dir = sql.raw(s.desc ? 'desc' : 'asc');
      // text in byte order, as SQLite sorts it (the address column is "C" already, migration 0010)
      const col = SUPPRESSION_SORTS[s.sort];
      const by = sql.raw(col === 'suppressed_at' ? col : `${col} collate "C"`);
      const [count, page] = await Promise.all([
        rows<{ n: number }>(sql`select count(*) as n from (select 1 from suppressions where ${w} limit ${COUNT_CAP + 1}) as m`),
        rows<SuppressionRow>(sql`select * from suppressions where ${w} order by ${by} ${dir}, id ${dir} limit ${s.limit + 1} offset ${s.offset}`),
      ]);
      return { total: count[0]!.n, items: page.slice(0, s.limit), more: page.length > s.limit };
    },

    reviewQueue: async (offset, limit) => {
      const [count, items] = await Promise.all([
        rows<{ n: number }>(sql`select count(*) as n from messages m where ${UNREVIEWED}`),
        rows<ReviewItem>(sql`select m.id, m.received_at, m.source, m.subject, m.kind, m.format, m.status, m.problems,
          (select string_agg(distinct b.reason, ',' order by b.reason) from bounces b where b.message_id = m.id) as reasons
          from messages m where ${UNREVIEWED} order by m.id desc limit ${limit} offset ${offset}`),
      ]);
      return { total: count[0]!.n, items };
    },
    reviewQueueIds: async (limit) => (await rows<{ id: number }>(sql`select m.id from messages m where ${UNREVIEWED} order by m.id desc limit ${limit}`)).map((r) => r.id),
    markReviewed: async (messageId, verdict, note, by, at) => {
      const r = await db.insertInto('review_marks').values({ message_id: messageId, verdict, note, by, at }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    reviewMark: async (id) => (await db.selectFrom('review_marks').select(['verdict', 'note', 'by', 'at']).where('message_id', '=', id).executeTakeFirst()) ?? null,
    message: async (id) => ((await db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst()) as MessageRow | undefined) ?? null,
    rawInput: async (id) =>
      (await db
        .selectFrom('message_raw as r')
        .innerJoin('messages as m', 'm.id', 'r.message_id')
        .select(['r.raw', 'm.raw_format as format'])
        .where('r.message_id', '=', id)
        .executeTakeFirst()) ?? null,
    recordsOfMessage: (id) => rows<Record<string, unknown>>(sql`select * from bounces where message_id = ${id} order by id`),

    recordsBetween: (r, limit) =>
      rows<SignalRecord>(sql`select id, message_id, recipient, domain, kind, status, smtp_code, reason, remote_mta, diagnostic, event_at from bounces
        where event_at >= ${r.from} and event_at < ${r.to} order by event_at, id limit ${limit}`),
    // failures of whole days by enhanced status: the `why` key's last part, as SQLite's roll-up gives it
    statusCountsByDay: (fromDay, toDay) =>
      rows<{ status: string; n: number }>(sql`select split_part(key, chr(9), 3) as status, sum(hard + soft + other) as n from stats_daily
        where dim = 'why' and day >= ${fromDay} and day < ${toDay} group by 1`),
    recentAlerts: (limit) => db.selectFrom('alerts').selectAll().orderBy('id', 'desc').limit(limit).execute() as Promise<AlertRow[]>,
    openAlerts: () => openAlertsPg(db),
    syncAlerts: (decide) => db.transaction().execute((tx) => syncAlertsPg(tx, decide)),
  };
}

async function syncAlertsPg(tx: PgTx, decide: (open: AlertRow[]) => AlertPlan): Promise<{ plan: AlertPlan; cleared: AlertRow[] }> {
  // every host evaluates the same signals: one at a time reads and writes the open alerts
  await sql`select pg_advisory_xact_lock(hashtextextended('rebound:alerts', 0))`.execute(tx);
  const open = await openAlertsPg(tx);
  const plan = decide(open);
  const events: OutboxEvent[] = [];
  for (const u of plan.update) await tx.updateTable('alerts').set({ detail: u.detail }).where('id', '=', u.id).execute();
  for (const r of plan.raise) {
    const { id } = await tx.insertInto('alerts').values(r.row).returning('id').executeTakeFirstOrThrow();
    events.push(...r.events(Number(id)));
  }
  for (const c of plan.clear) {
    await tx.updateTable('alerts').set({ cleared_at: plan.at }).where('id', '=', c.id).where('cleared_at', 'is', null).execute();
    events.push(...c.events);
  }
  await queueOutboxPg(tx, events);
  const gone = new Set(plan.clear.map((c) => c.id));
  return { plan, cleared: open.filter((a) => gone.has(a.id)) };
}

const openAlertsPg = (db: PgTx) => db.selectFrom('alerts').selectAll().where('cleared_at', 'is', null).orderBy('raised_at').orderBy('id').execute() as Promise<AlertRow[]>;
