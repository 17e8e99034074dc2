// The webhook outbox (migration 0003). Rows are added inside the transaction that made the event;
// the drain loop claims due rows (a lease: their next attempt moves past the request's timeout, so
// a process that dies mid-request leaves them to be retried), then marks them delivered, failed
// (with the next attempt's time) or dead.
import { type Kysely, sql } from 'kysely';
import type { Store } from './open.js';
import type { Database, OutboxRow, OutboxState } from './schema.js';
import { allSync, insertRow, runSync, statement, transaction } from './sync.js';

export interface OutboxEvent {
  event_id: string;
  event_type: string;
  url: string;
  body: string;
  created_at: string;
}

/** The caller holds the transaction. An (event, URL) already queued is left as it is. */
export function enqueueOutbox(store: Store, ev: OutboxEvent): void {
  insertRow(
    store,
    'webhook_outbox',
    { ...ev, state: 'pending', attempts: 0, next_attempt_at: ev.created_at, last_attempt_at: null, last_status: null, last_error: null, done_at: null },
    true,
  );
}

/**
 * Up to `limit` rows of `url` due at `now`, oldest first, each counted as one more attempt and
 * leased until `leaseUntil`.
 */
export function claimDue(store: Store, url: string, now: string, leaseUntil: string, limit: number): OutboxRow[] {
  return transaction(store, () => {
    const rows = statement(
      store,
      "select * from webhook_outbox where state = 'pending' and url = ? and next_attempt_at <= ? order by next_attempt_at, id limit ?",
    ).all(url, now, limit) as OutboxRow[];
    const lease = statement(store, 'update webhook_outbox set attempts = attempts + 1, last_attempt_at = ?, next_attempt_at = ? where id = ?');
    for (const r of rows) {
      lease.run(now, leaseUntil, r.id);
      r.attempts += 1;
      r.last_attempt_at = now;
      r.next_attempt_at = leaseUntil;
    }
    return rows;
  });
}

export function markDelivered(store: Store, id: number, status: number, at: string): void {
  statement(store, "update webhook_outbox set state = 'delivered', last_status = ?, last_error = null, done_at = ? where id = ?").run(status, at, id);
}

/** A failed attempt: try again at `nextAt`. */
export function markRetry(store: Store, id: number, status: number | null, error: string, nextAt: string): void {
  statement(store, 'update webhook_outbox set last_status = ?, last_error = ?, next_attempt_at = ? where id = ?').run(status, error, nextAt, id);
}

export function markDead(store: Store, id: number, status: number | null, error: string, at: string): void {
  statement(store, "update webhook_outbox set state = 'dead', last_status = ?, last_error = ?, done_at = ? where id = ?").run(status, error, at, id);
}

/** What the drain loop's housekeeping asks (its times as ISO strings). */
export interface OutboxTidy {
  /** pending rows made before this are given up (dead) */
  createdBefore: string;
  /** pending rows for other URLs are given up (no longer configured) */
  urls: readonly string[];
  /** delivered and dead rows finished before this are deleted */
  doneBefore: string;
  at: string;
}

export interface OutboxTidied {
  dead: number;
  abandoned: number;
  pruned: number;
}

/**
 * The housekeeping's three statements, plain Kysely: both adapters run them (the PostgreSQL port on
 * its pool, pg/outbox.ts), in one transaction.
 */
export function tidyQueries(db: Kysely<Database>, t: OutboxTidy) {
  const pending = db.updateTable('webhook_outbox').where('state', '=', 'pending');
  return {
    expire: pending
      .set({ state: 'dead', last_error: sql<string>`coalesce(last_error || '; ', '') || 'gave up: too old'`, done_at: t.at })
      .where('created_at', '<', t.createdBefore),
    abandon: (t.urls.length ? pending.where('url', 'not in', [...t.urls]) : pending).set({ state: 'dead', last_error: 'URL no longer configured', done_at: t.at }),
    prune: db.deleteFrom('webhook_outbox').where('state', 'in', ['delivered', 'dead']).where('done_at', '<', t.doneBefore),
  };
}

/** The housekeeping on this file, in one transaction; how many rows each step changed. */
export function tidyOutbox(store: Store, t: OutboxTidy): OutboxTidied {
  const q = tidyQueries(store.db, t);
  return transaction(store, () => ({
    dead: runSync(store, q.expire).changes,
    abandoned: runSync(store, q.abandon).changes,
    pruned: runSync(store, q.prune).changes,
  }));
}

export function outboxCounts(store: Store): Record<OutboxState, number> {
  const rows = statement(store, 'select state, count(*) as n from webhook_outbox group by state').all() as Array<{ state: OutboxState; n: number }>;
  const out: Record<OutboxState, number> = { pending: 0, delivered: 0, dead: 0 };
  for (const r of rows) out[r.state] = r.n;
  return out;
}

/** Every row, oldest first (inspection and tests). */
export function listOutbox(store: Store, state?: OutboxState): OutboxRow[] {
  let q = store.db.selectFrom('webhook_outbox').selectAll().orderBy('id');
  if (state) q = q.where('state', '=', state);
  return allSync(store, q);
}
