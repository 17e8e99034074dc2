// A message into PostgreSQL: spooled (idempotent by SHA-256 and by a service's event key, on any
// host: ON CONFLICT DO NOTHING on their unique indexes), or written with its records, its policy
// and its webhook events in the caller's transaction. The parse is done by the caller (it is pure);
// the records, the processed fields and the policy are the SQLite pipeline's (pipeline/ingest.ts,
// policy/plan.ts), so both stores keep the same things.
import { sql } from 'kysely';
import type { ReportKind } from '../../parse/types.js';
import type { MessageRow, MessageStatus, SuppressionRow } from '../schema.js';
import type { MessageWritten, WrittenRecord } from '../../events/store-events.js';
import type { Outcome } from '../../policy/plan.js';
import { type IngestMeta, type IngestResult, type Parsed, type ProcessResult, type SpoolResult, messageFields, processedFieldsBy, recordsFor, resultOf } from '../../pipeline/ingest.js';
import { recordsOf } from '../../pipeline/records.js';
import type { ProcessedFields } from '../messages.js';
import { messageEventRows } from '../../webhooks/events.js';
import type { OutboxEvent } from '../outbox.js';
import { webhooksEnabled } from '../../config/webhooks.js';
import { summaryOf } from '../../events/wire.js';
import type { PgPortContext, PgTx } from './context.js';
import type { AfterCommit } from './after-commit.js';

export type { AfterCommit };
import { activeSuppressionPg, applyEventPg, lockAddresses } from './policy.js';
import { addressEventOf, tallyOutcome } from '../../policy/event-of.js';
import { queueOutboxPg } from './outbox.js';

interface Stored {
  id: number;
  status: MessageStatus;
  kind: string | null;
}

/** The same input stored before: the same event of a service, or the same bytes. */
async function storedAlready(tx: PgTx, sha256: string, meta: IngestMeta): Promise<Stored | undefined> {
  if (meta.eventKey) {
    const byKey = await tx.selectFrom('messages').select(['id', 'status', 'kind']).where('event_key', '=', meta.eventKey).executeTakeFirst();
    if (byKey) return byKey;
  }
  return tx.selectFrom('messages').select(['id', 'status', 'kind']).where('sha256', '=', sha256).executeTakeFirst();
}

/** Insert the message and its bytes unless stored; null when another writer stored it first. */
async function insertMessagePg(tx: PgTx, fields: Omit<MessageRow, 'id'>, raw: Uint8Array): Promise<number | null> {
  const r = await tx.insertInto('messages').values(fields).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
  if (!r) return null;
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  await tx.insertInto('message_raw').values({ message_id: r.id, raw: bytes }).execute();
  return r.id;
}

/** Commit the raw message only (status `pending`); the caller holds the transaction. */
export async function spoolPg(tx: PgTx, ctx: PgPortContext, raw: Uint8Array, sha256: string, meta: IngestMeta): Promise<SpoolResult> {
  for (;;) {
    const found = await storedAlready(tx, sha256, meta);
    if (found) return { messageId: found.id, sha256, duplicate: true, status: found.status };
    const id = await insertMessagePg(tx, messageFields(raw, sha256, meta, ctx.now().toISOString()), raw);
    if (id !== null) return { messageId: id, sha256, duplicate: false, status: 'pending' };
    // another host committed the same bytes meanwhile: found on the next turn
  }
}

export type GroupResult = IngestResult & { storedKind: ReportKind | null; storedStatus: MessageStatus };

/**
 * Store, record and apply the policy for one parsed message (`ingest`), in the caller's
 * transaction. A message stored and processed already is a duplicate: nothing changes.
 */
export async function ingestPg(tx: PgTx, ctx: PgPortContext, raw: Uint8Array, meta: IngestMeta, parsed: Parsed, sha256: string, after: AfterCommit[]): Promise<GroupResult> {
  const now = ctx.now();
  const processed = processedFieldsBy(ctx.classifier(), now, parsed, parsed.report ? recordsOf(parsed.report, meta.returnPathRecipient ?? null).length : 0);
  for (;;) {
    const found = await storedAlready(tx, sha256, meta);
    if (found && found.status !== 'pending') {
      const kind = found.kind as ReportKind | null;
      return { messageId: found.id, sha256, duplicate: true, status: found.status, kind, records: 0, suppressed: [], problems: [], storedKind: kind, storedStatus: found.status };
    }
    if (found) {
      // spooled earlier and still pending: processed here, unless another host is processing it now
      // (then it is that host's: a duplicate here, as it will be once it commits)
      const message = await lockPending(tx, found.id);
      if (!message) {
        const kind = found.kind as ReportKind | null;
        return { messageId: found.id, sha256, duplicate: true, status: found.status, kind, records: 0, suppressed: [], problems: [], storedKind: kind, storedStatus: found.status };
      }
      const done = await writeReport(tx, ctx, message, parsed, after);
      return { messageId: message.id, sha256, duplicate: true, status: done.status, kind: done.kind, records: done.records, suppressed: done.suppressed, problems: done.problems, storedKind: done.kind, storedStatus: done.status };
    }
    const fields = messageFields(raw, sha256, meta, now.toISOString(), processed);
    const id = await insertMessagePg(tx, fields, raw);
    if (id === null) continue; // another host stored it first: a duplicate, found on the next turn
    const message: MessageRow = { id, ...fields };
    const written = await writeRecords(tx, ctx, message, recordsFor(ctx, message, parsed), after);
    const r = resultOf(processed);
    return { messageId: id, sha256, duplicate: false, status: r.status, kind: r.kind, records: written.records, suppressed: written.suppressed, problems: r.problems, storedKind: r.kind, storedStatus: r.status };
  }
}

/** The message, locked for this transaction, if it is pending and no other transaction holds it. */
async function lockPending(tx: PgTx, id: number): Promise<MessageRow | null> {
  const r = await sql<MessageRow>`select * from messages where id = ${id} and status = 'pending' for update skip locked`.execute(tx);
  return r.rows[0] ?? null;
}

/** Claim the oldest pending message no other transaction holds. */
export async function claimPending(tx: PgTx): Promise<{ message: MessageRow; raw: Buffer } | null> {
  const r = await sql<MessageRow & { raw: Buffer }>`select m.*, r.raw from messages m join message_raw r on r.message_id = m.id
    where m.id = (select id from messages where status = 'pending' order by id limit 1 for update skip locked)`.execute(tx);
  const row = r.rows[0];
  if (!row) return null;
  const { raw, ...message } = row;
  return { message, raw };
}

/** Insert the records, apply the policy and mark the (locked, pending) message processed. */
export async function writeReport(tx: PgTx, ctx: PgPortContext, message: MessageRow, parsed: Parsed, after: AfterCommit[]): Promise<ProcessResult> {
  const records = recordsFor(ctx, message, parsed);
  const fields: ProcessedFields = processedFieldsBy(ctx.classifier(), ctx.now(), parsed, records.length);
  await tx.updateTable('messages').set(fields).where('id', '=', message.id).execute();
  const written = await writeRecords(tx, ctx, { ...message, ...fields }, records, after);
  return { messageId: message.id, records: written.records, suppressed: written.suppressed, outcomes: written.outcomes, ...resultOf(fields) };
}

async function writeRecords(tx: PgTx, ctx: PgPortContext, message: MessageRow, records: ReturnType<typeof recordsFor>, after: AfterCommit[]) {
  let inserted = 0;
  const suppressed: string[] = [];
  const outcomes: Partial<Record<Outcome, number>> = {};
  const written: WrittenRecord[] = [];
  // the addresses this message may change, locked in one order before any is read
  await lockAddresses(tx, records.filter((r) => r.vouched !== 0).map((r) => r.recipient));
  for (const rec of records) {
    const row = { ...rec, message_id: message.id, event_at: message.received_at };
    const b = await tx.insertInto('bounces').values(row).onConflict((oc) => oc.columns(['message_id', 'recipient']).doNothing()).returning('id').executeTakeFirst();
    if (!b) continue; // this (message, recipient) is already counted
    inserted++;
    const { outcome } = rec.vouched !== 0 ? await applyEventPg(tx, ctx.policy, addressEventOf(rec, b.id, message.received_at)) : { outcome: 'unverified' as const };
    tallyOutcome(outcomes, suppressed, rec.recipient, outcome);
    written.push({ bounceId: b.id, record: row, outcome });
  }
  await tell(tx, ctx, { message, records: written }, after);
  return { records: inserted, suppressed, outcomes };
}

/** The observers' part, as on SQLite: webhook events queued in this transaction, counts kept for after it. */
async function tell(tx: PgTx, ctx: PgPortContext, ev: MessageWritten, after: AfterCommit[]): Promise<void> {
  const hooks = ctx.webhook && webhooksEnabled(ctx.webhook) ? ctx.webhook : null;
  if (!hooks && !ctx.counts) return;
  // the suppressions the policy made or changed, read once
  const active = new Map<string, SuppressionRow | undefined>();
  for (const r of ev.records) {
    if (r.outcome !== 'suppressed' && r.outcome !== 'upgraded') continue;
    active.set(r.record.recipient, (await activeSuppressionPg(tx, r.record.recipient, r.record.event_at)) ?? undefined);
  }
  await queueOutboxPg(tx, observe(ctx, ev, (address) => active.get(address), after));
}

/**
 * What the observers are told of a message written: its webhook events (returned, for the caller
 * to queue in its transaction) and its counts (kept in `after`, told once committed).
 * `activeOf`: the address's suppression as the message left it.
 */
export function observe(ctx: PgPortContext, ev: MessageWritten, activeOf: (address: string) => SuppressionRow | undefined, after: AfterCommit[]): OutboxEvent[] {
  const hooks = ctx.webhook && webhooksEnabled(ctx.webhook) ? ctx.webhook : null;
  if (!hooks && !ctx.counts) return [];
  const rows = hooks ? messageEventRows(hooks, ev, activeOf) : [];
  after.push({ summary: ctx.counts ? summaryOf(ev, activeOf) : null, queued: rows.length > 0 });
  return rows;
}

