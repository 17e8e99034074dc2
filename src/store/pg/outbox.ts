// The webhook outbox and the IMAP positions on PostgreSQL. Several hosts drain one outbox: a claim
// takes due rows no other transaction holds (FOR UPDATE SKIP LOCKED) and leases them (their next
// attempt moves past the request's timeout), so each row goes to one host at a time.
import { sql } from 'kysely';
import type { ImapStateRow, OutboxRow } from '../schema.js';
import type { Pg, PgTx } from './context.js';
import { type OutboxEvent, type OutboxTidied, type OutboxTidy, tidyQueries } from '../outbox.js';

export async function claimOutboxPg(db: PgTx, url: string, now: string, leaseUntil: string, limit: number): Promise<OutboxRow[]> {
  const r = await sql<OutboxRow & { due: string }>`with due as (
      select id, next_attempt_at as due from webhook_outbox
      where state = 'pending' and url = ${url} and next_attempt_at <= ${now}
      order by next_attempt_at, id limit ${limit} for update skip locked)
    update webhook_outbox w set attempts = w.attempts + 1, last_attempt_at = ${now}, next_attempt_at = ${leaseUntil}
    from due where w.id = due.id returning w.*, due.due`.execute(db);
  return r.rows.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.id - b.id)).map(({ due: _due, ...row }) => row);
}

export async function markDeliveredPg(db: PgTx, id: number, status: number, at: string): Promise<void> {
  await db.updateTable('webhook_outbox').set({ state: 'delivered', last_status: status, last_error: null, done_at: at }).where('id', '=', id).execute();
}

export async function markRetryPg(db: PgTx, id: number, status: number | null, error: string, nextAt: string): Promise<void> {
  await db.updateTable('webhook_outbox').set({ last_status: status, last_error: error, next_attempt_at: nextAt }).where('id', '=', id).execute();
}

export async function markDeadPg(db: PgTx, id: number, status: number | null, error: string, at: string): Promise<void> {
  await db.updateTable('webhook_outbox').set({ state: 'dead', last_status: status, last_error: error, done_at: at }).where('id', '=', id).execute();
}

export async function imapStatePg(db: PgTx, mailbox: string): Promise<ImapStateRow | null> {
  return (await db.selectFrom('imap_state').selectAll().where('mailbox', '=', mailbox).executeTakeFirst()) ?? null;
}

export async function putImapStatePg(db: PgTx, mailbox: string, uidvalidity: number, lastUid: number, at: Date): Promise<void> {
  const row = { mailbox, uidvalidity, last_uid: lastUid, updated_at: at.toISOString() };
  await db
    .insertInto('imap_state')
    .values(row)
    .onConflict((oc) => oc.column('mailbox').doUpdateSet({ uidvalidity, last_uid: lastUid, updated_at: row.updated_at }))
    .execute();
}

/** The drain loop's housekeeping (outbox.ts tidyQueries), in one transaction. */
export async function tidyOutboxPg(db: Pg, t: OutboxTidy): Promise<OutboxTidied> {
  return db.transaction().execute(async (tx) => {
    const q = tidyQueries(tx, t);
    const dead = Number((await q.expire.executeTakeFirst()).numUpdatedRows);
    const abandoned = Number((await q.abandon.executeTakeFirst()).numUpdatedRows);
    const pruned = Number((await q.prune.executeTakeFirst()).numDeletedRows);
    return { dead, abandoned, pruned };
  });
}

/** Webhook events into the outbox in the caller's transaction, one statement (an event already queued is left as it is). */
export async function queueOutboxPg(tx: PgTx, rows: readonly OutboxEvent[]): Promise<void> {
  if (!rows.length) return;
  await tx
    .insertInto('webhook_outbox')
    .values(rows.map((r) => ({ ...r, state: 'pending' as const, attempts: 0, next_attempt_at: r.created_at })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}
