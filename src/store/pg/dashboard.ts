// The dashboard's questions on PostgreSQL (the port's DashboardPort, dashboard-port.ts), answered
// as SQLite answers them (dashboard.ts): the same rows, times as ISO strings, text sorted by byte
// (collate "C", SQLite's order). The overview counts the records and suppressions of its range
// (the bounces_event_at and suppressions_* indexes of migration 0010) rather than roll-ups.
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
} from '../dashboard.js';
import type { AlertRow, MessageRow, SuppressionRow } from '../schema.js';
import type { OutboxEvent } from '../outbox.js';
import type { Pg, PgTx } from './context.js';
import { queueOutboxPg } from './outbox.js';

/** a time's hour or day as SQLite's substr of its ISO text gives it */
const SLOT: Record<Unit, string> = { hour: `'YYYY-MM-DD"T"HH24'`, day: `'YYYY-MM-DD'` };
const slot = (col: string, unit: Unit) => sql.raw(`to_char(${col} at time zone 'UTC', ${SLOT[unit]})`);

/** the roll-up keys of SQLite's migration 0009, and its buckets */
const KEY: Record<RollupDim, string> = {
  rcpt: "coalesce(remote_mta, '') || chr(9) || domain",
  why: "reason || chr(9) || coalesce(smtp_code::text, '-') || chr(9) || coalesce(status, '-')",
};
const BUCKET =
  "case when kind = 'complaint' then 'complaint' when kind in ('bounce', 'delay') and type = 'hard' then 'hard' " +
  "when kind in ('bounce', 'delay') and type = 'soft' then 'soft' else 'other' end";
const COUNTED = sql.raw("kind in ('bounce', 'delay', 'complaint')");
const BUCKET_SUMS = sql.raw(
  (['hard', 'soft', 'complaint', 'other'] as const).map((b) => `count(*) filter (where ${BUCKET} = '${b}') as ${b}`).join(', '),
);

const hourOf = (iso: string) => `${iso.slice(0, 13)}:00:00.000Z`;
const dayOf = (iso: string) => `${iso.slice(0, 10)}T00:00:00.000Z`;

/** as dashboard.ts's UNREVIEWED */
const UNREVIEWED = sql.raw(
  "m.status != 'pending' and not exists (select 1 from review_marks r where r.message_id = m.id) and (" +
    "m.status = 'failed' or not exists (select 1 from bounces b where b.message_id = m.id) " +
    "or exists (select 1 from bounces b where b.message_id = m.id and b.reason in ('undefined', 'onhold')))",
);

export function dashboardOnPg(db: Pg): DashboardPort {
  const rows = async <R>(q: ReturnType<typeof sql<R>>): Promise<R[]> => (await q.execute(db)).rows;
  return {
    recordSeries: async (r, unit) =>
      (
        await rows<{ t: string; type: Bucket; n: number }>(sql`select ${slot('event_at', unit)} as t, ${sql.raw(BUCKET)} as type, count(*) as n from bounces
          where event_at >= ${hourOf(r.from)} and event_at < ${hourOf(r.to)} group by 1, 2`)
      )
        .sort(bySlotAndType)
        .map(({ t, type, n }) => ({ t, bucket: type, n })),

    dimensionCounts: (dim, r) =>
      rows<BucketCounts>(sql`select ${sql.raw(KEY[dim])} as key, ${BUCKET_SUMS} from bounces
        where ${COUNTED} and event_at >= ${dayOf(r.from)} and event_at < ${dayOf(r.to)} group by 1`),

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

    suppressionSeries: async (r, unit) => {
      const made = rows<{ t: string; type: string; n: number }>(sql`select ${slot('suppressed_at', unit)} as t, type, count(*) as n from suppressions
        where suppressed_at >= ${r.from} and suppressed_at < ${r.to} group by 1, 2`);
      const lifted = rows<{ t: string; type: string; n: number }>(sql`select ${slot('lifted_at', unit)} as t, 'lifted' as type, count(*) as n from suppressions
        where lifted_at >= ${r.from} and lifted_at < ${r.to} group by 1`);
      return [...(await made), ...(await lifted)].sort(bySlotAndType);
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
      rows<{ status: string; n: number }>(sql`select coalesce(status, '-') as status, count(*) as n from bounces
        where kind in ('bounce', 'delay') and event_at >= ${dayOf(fromDay)} and event_at < ${dayOf(toDay)} group by 1`),
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
