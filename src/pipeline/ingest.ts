// The one way in for every source (files, stdin, SMTP, IMAP): spool the raw message (durable,
// idempotent by SHA-256), then parse it, write one record per recipient and apply the policy.
// `ingest` does both in one transaction; `spoolRaw` and `processPending` are the two halves, for a
// listener that must acknowledge only once the bytes are committed and may parse afterwards.
import * as crypto from 'node:crypto';
import { parserVersion } from './parser-version.js';
import type { ReportKind } from '../parse/types.js';
import type { Store } from '../store/open.js';
import type { Classifier } from '../classify/classifier.js';
import type { PipelineContext } from './context.js';
import type { MessageOrigin, MessageRow, MessageSource, MessageStatus } from '../store/schema.js';
import { findMessageByEventKey, findMessageBySha, getMessage, getRawInput, insertMessage, markProcessed, pendingMessageIds, type ProcessedFields } from '../store/messages.js';
import { insertBounce } from '../store/bounces.js';
import { inTransaction, transaction } from '../store/sync.js';
import { applyEvent, type Outcome } from '../policy/apply.js';
import { addressEventOf, tallyOutcome } from '../policy/event-of.js';
import { emitMessageWritten, isObserved, type WrittenRecord } from '../events/store-events.js';
import { type RecordFields, recordsOf } from './records.js';
import { originOfDelivered, vouchFor } from './origin.js';
import { type Parsed, safeParse } from './parse-safe.js';

export { type Parsed, safeParse };

export interface IngestMeta {
  source: MessageSource;
  /** file path (`path#n` inside an mbox), IMAP uid, SMTP session id, ... */
  sourceRef?: string | null;
  envelopeFrom?: string | null;
  envelopeTo?: string[];
  /** when the message reached us; default: the store's clock */
  receivedAt?: Date | string;
  /** the recipient decoded from a VERP/signed return path: used when the report names nobody */
  returnPathRecipient?: string | null;
  /** how the listener vouched for the message when signed return paths are required (origin.ts) */
  origin?: MessageOrigin | null;
  /** what the bytes are: absent for a mail message, else the sending service whose event they are */
  format?: string | null;
  /** `<provider>:<event id>` of a service's event: the same key again is a duplicate, whatever its bytes */
  eventKey?: string | null;
}

export interface SpoolResult {
  /** the stored message's id */
  messageId: number;
  sha256: string;
  /** the same bytes were already stored: nothing was changed */
  duplicate: boolean;
  status: MessageStatus;
}

export interface ProcessResult {
  messageId: number;
  status: 'parsed' | 'failed';
  kind: ReportKind;
  /** new per-recipient records */
  records: number;
  /** addresses newly suppressed (or made permanent) by this message */
  suppressed: string[];
  outcomes: Partial<Record<Outcome, number>>;
  problems: string[];
}

export interface IngestResult extends SpoolResult {
  /** for a duplicate, the kind the stored message was read as (null while it waits to be parsed) */
  kind: ReportKind | null;
  records: number;
  suppressed: string[];
  problems: string[];
}

/**
 * A bounce mailbox (IMAP) is as open as the listener: its messages show the return path they came
 * to in their delivery headers, which gives the VERP recipient and, with signed return paths
 * required, how they vouch for themselves.
 */
export function withOrigin(ctx: Pick<PipelineContext, 'returnPaths' | 'now'>, raw: Uint8Array, meta: IngestMeta): IngestMeta {
  if (meta.source !== 'imap' || !ctx.returnPaths || meta.origin !== undefined) return meta;
  const at = meta.receivedAt ? new Date(meta.receivedAt) : ctx.now();
  const o = originOfDelivered(raw, ctx.returnPaths, at);
  return { ...meta, origin: o.origin, returnPathRecipient: meta.returnPathRecipient ?? o.returnPathRecipient };
}

// crypto.hash (Node 20.12+) hashes a small input in one call, a few times faster than a Hash
// object; createHash where it is missing
const oneShot = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'hex') => string }).hash;

export function sha256Of(raw: Uint8Array): string {
  return oneShot ? oneShot('sha256', raw, 'hex') : crypto.createHash('sha256').update(raw).digest('hex');
}

/** The message row a spool writes (status `pending`, or `processed`'s fields). */
export function messageFields(raw: Uint8Array, sha256: string, meta: IngestMeta, now: string, processed?: ProcessedFields): Omit<MessageRow, 'id'> {
  return {
    sha256,
    size: raw.byteLength,
    source: meta.source,
    source_ref: meta.sourceRef ?? null,
    envelope_from: meta.envelopeFrom ?? null,
    envelope_to: meta.envelopeTo && meta.envelopeTo.length ? JSON.stringify(meta.envelopeTo) : null,
    return_path_recipient: meta.returnPathRecipient ?? null,
    origin: meta.origin ?? null,
    raw_format: meta.format ?? null,
    event_key: meta.eventKey ?? null,
    received_at: meta.receivedAt ? toIso(meta.receivedAt) : now,
    spooled_at: now,
    status: 'pending',
    parser_version: null,
    processed_at: null,
    kind: null,
    format: null,
    reporting_mta: null,
    message_id: null,
    subject: null,
    feedback_type: null,
    problems: '[]',
    ...processed,
  };
}

/** What a spooled message row says of its arrival: the meta to process it with elsewhere. */
export function metaOfRow(m: MessageRow): IngestMeta {
  return {
    source: m.source,
    sourceRef: m.source_ref,
    envelopeFrom: m.envelope_from,
    envelopeTo: m.envelope_to ? (JSON.parse(m.envelope_to) as string[]) : undefined,
    receivedAt: m.received_at,
    returnPathRecipient: m.return_path_recipient,
    // unset (not null) when none was stored: an IMAP message's origin is then read from its headers
    origin: m.origin ?? undefined,
    format: m.raw_format,
    eventKey: m.event_key,
  };
}

/** Commit the raw message only (status `pending`). Idempotent by SHA-256. */
export function spoolRaw(ctx: PipelineContext, raw: Uint8Array, meta: IngestMeta): SpoolResult {
  const sha256 = sha256Of(raw);
  return transaction(ctx.store, () => spoolIn(ctx, raw, sha256, meta).spooled);
}

/**
 * Spool a batch in one transaction (each message a savepoint; the COMMIT is the one fsync). Each
 * message gets its result or its own error; when the commit fails, every message gets its cause.
 */
export function spoolBatch(ctx: PipelineContext, batch: ReadonlyArray<{ raw: Uint8Array; meta: IngestMeta }>): { outcomes: Array<SpoolResult | Error>; committed: boolean } {
  let firstError: Error | undefined;
  try {
    const outcomes = transaction(ctx.store, () =>
      batch.map((w) => {
        // SQLite may roll the whole transaction back on some errors (SQLITE_FULL): then nothing
        // more is written outside it, and the COMMIT below fails for the whole batch
        if (!inTransaction(ctx.store)) return new Error('the batch transaction was rolled back');
        try {
          return spoolRaw(ctx, w.raw, w.meta);
        } catch (err) {
          firstError ??= asError(err);
          return asError(err);
        }
      }),
    );
    return { outcomes, committed: true };
  } catch (err) {
    // after a rollback the COMMIT's own error ("no transaction is active") says less than the cause
    const cause = firstError ?? asError(err);
    return { outcomes: batch.map(() => cause), committed: false };
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** Insert the message unless its bytes are stored; with `processed`, it is written already processed. */
function spoolIn(
  ctx: PipelineContext,
  raw: Uint8Array,
  sha256: string,
  meta: IngestMeta,
  processed?: ProcessedFields,
): { spooled: SpoolResult; row: MessageRow | undefined; storedKind?: ReportKind | null } {
  const store = ctx.store;
  const found = storedAlready(store, sha256, meta);
  if (found) {
    const row = found.status === 'pending' ? getMessage(store, found.id) : undefined;
    return { spooled: { messageId: found.id, sha256, duplicate: true, status: found.status }, row, storedKind: found.kind as ReportKind | null };
  }
  const fields = messageFields(raw, sha256, meta, ctx.now().toISOString(), processed);
  const messageId = insertMessage(store, fields, raw);
  return { spooled: { messageId, sha256, duplicate: false, status: fields.status }, row: { id: messageId, ...fields } };
}

/** Spool, parse, record and apply the policy, in one transaction. */
export function ingest(ctx: PipelineContext, raw: Uint8Array, meta: IngestMeta): IngestResult {
  meta = withOrigin(ctx, raw, meta);
  const sha256 = sha256Of(raw);
  const found = storedAlready(ctx.store, sha256, meta);
  if (found && found.status !== 'pending') {
    return { messageId: found.id, sha256, duplicate: true, status: found.status, kind: found.kind as ReportKind | null, records: 0, suppressed: [], problems: [] };
  }
  // parsing is pure: done before the transaction so the write lock is held only for the writes
  return ingestParsed(ctx, raw, meta, safeParse(raw, ctx.store.classifier, meta.format ?? null), sha256);
}

/** The same input stored before: the same event of a service, or the same bytes. */
function storedAlready(store: Store, sha256: string, meta: IngestMeta) {
  return (meta.eventKey ? findMessageByEventKey(store, meta.eventKey) : undefined) ?? findMessageBySha(store, sha256);
}

/**
 * `ingest` with the parse done already (by a parse pool): `parsed` must be `safeParse(raw, store.classifier)`.
 * Returns a duplicate at once when the bytes are stored and processed.
 */
export function ingestParsed(ctx: PipelineContext, raw: Uint8Array, meta: IngestMeta, parsed: Parsed, sha256 = sha256Of(raw)): IngestResult {
  return transaction(ctx.store, () => ingestParsedIn(ctx, raw, meta, parsed, sha256));
}

/**
 * `ingestParsed` inside the caller's transaction, without a savepoint of its own: for a caller
 * that writes many inputs in one transaction and rolls all of them back on any error (a batch
 * of events). A savepoint per input costs SQLite a copy of every page the input touches.
 */
export function ingestParsedIn(ctx: PipelineContext, raw: Uint8Array, meta: IngestMeta, parsed: Parsed, sha256 = sha256Of(raw)): IngestResult {
  const store = ctx.store;
  if (!inTransaction(store)) throw new Error('ingestParsedIn: no transaction is open');
  const records = parsed.report ? recordsOf(parsed.report, meta.returnPathRecipient ?? null) : [];
  const processed = processedFields(ctx, parsed, records.length);
  const { spooled, row: message, storedKind } = spoolIn(ctx, raw, sha256, meta, processed);
  if (!message) return { ...spooled, kind: storedKind ?? null, records: 0, suppressed: [], problems: [] };
  // spooled earlier and still pending: processed here, like processPending would
  let done: ProcessResult;
  if (spooled.duplicate) done = writeReport(ctx, message, parsed);
  else {
    const written = writeRecords(ctx, message, vouchFor(message, parsed.report, ctx.returnPaths, records));
    done = { messageId: message.id, records: written.records, suppressed: written.suppressed, outcomes: written.outcomes, ...resultOf(processed) };
    notify(store, message, written.written);
  }
  return { ...spooled, status: done.status, kind: done.kind, records: done.records, suppressed: done.suppressed, problems: done.problems };
}

/**
 * Parse, record and apply the policy for spooled messages still `pending`, oldest first, each in
 * its own transaction. Safe to call repeatedly and from more than one process: a message another
 * caller has processed meanwhile is skipped.
 */
export function processPending(ctx: PipelineContext, limit = Number.MAX_SAFE_INTEGER): ProcessResult[] {
  const store = ctx.store;
  const out: ProcessResult[] = [];
  for (const id of pendingMessageIds(store, limit)) {
    const input = getRawInput(store, id);
    if (!input) continue;
    const done = processParsed(ctx, id, safeParse(input.raw, store.classifier, input.format));
    if (done) out.push(done);
  }
  return out;
}

/**
 * Write what the parse of a spooled message found (`parsed` = safeParse of its stored bytes, done
 * anywhere: a parse worker), in a transaction of its own or as a savepoint of the caller's. A
 * message no longer pending (another caller processed it meanwhile) is skipped: null.
 */
export function processParsed(ctx: PipelineContext, id: number, parsed: Parsed): ProcessResult | null {
  return transaction(ctx.store, () => {
    const message = getMessage(ctx.store, id);
    return message && message.status === 'pending' ? writeReport(ctx, message, parsed) : null;
  });
}

/** A message whose parse found nothing and reported problems, or whose parser threw. */
export function parseFailed(p: Parsed, records: number): boolean {
  if (!p.report) return true;
  return records === 0 && p.report.kind === 'not-bounce' && p.report.problems.length > 0;
}

/** The message's records, each marked with whether the message vouches for its address. */
export function recordsFor(ctx: Pick<PipelineContext, 'returnPaths'>, message: MessageRow, p: Parsed): RecordFields[] {
  return vouchFor(message, p.report, ctx.returnPaths, p.report ? recordsOf(p.report, message.return_path_recipient) : []);
}

/** Insert the records, apply the policy to each new one and mark the message processed. */
function writeReport(ctx: PipelineContext, message: MessageRow, p: Parsed): ProcessResult {
  const records = recordsFor(ctx, message, p);
  const written = writeRecords(ctx, message, records);
  const fields = processedFields(ctx, p, records.length);
  markProcessed(ctx.store, message.id, fields);
  notify(ctx.store, { ...message, ...fields }, written.written);
  return { messageId: message.id, records: written.records, suppressed: written.suppressed, outcomes: written.outcomes, ...resultOf(fields) };
}

/** Tell the observers (webhook outbox, metrics), still inside the transaction. */
function notify(store: Store, message: MessageRow, written: WrittenRecord[] | null): void {
  if (written) emitMessageWritten(store, { message, records: written });
}

export function resultOf(fields: ProcessedFields) {
  return {
    status: fields.status as 'parsed' | 'failed',
    kind: (fields.kind ?? 'not-bounce') as ReportKind,
    problems: JSON.parse(fields.problems) as string[],
  };
}

/** Insert the records and apply the policy to each new one the message vouches for. */
function writeRecords(ctx: PipelineContext, message: MessageRow, records: RecordFields[]) {
  const store = ctx.store;
  let inserted = 0;
  const suppressed: string[] = [];
  const outcomes: Partial<Record<Outcome, number>> = {};
  // what the observers are told; not built when nobody listens
  const written: WrittenRecord[] | null = isObserved(store) ? [] : null;
  for (const rec of records) {
    const row = { ...rec, message_id: message.id, event_at: message.received_at };
    const bounceId = insertBounce(store, row);
    if (bounceId === null) continue; // this (message, recipient) is already counted
    inserted++;
    const { outcome } = rec.vouched !== 0 ? applyEvent(ctx, addressEventOf(rec, bounceId, message.received_at)) : { outcome: 'unverified' as const };
    tallyOutcome(outcomes, suppressed, rec.recipient, outcome);
    written?.push({ bounceId, record: row, outcome });
  }
  return { records: inserted, suppressed, outcomes, written };
}

export function processedFields(ctx: PipelineContext, p: Parsed, records: number): ProcessedFields {
  return processedFieldsBy(ctx.store.classifier, ctx.now(), p, records);
}

/** The message's processed fields, given the classifier that read it (unless the parse says which) and the time. */
export function processedFieldsBy(classifier: Classifier, now: Date, p: Parsed, records: number): ProcessedFields {
  const r = p.report;
  return {
    status: parseFailed(p, records) ? 'failed' : 'parsed',
    parser_version: p.version ?? parserVersion(classifier),
    processed_at: now.toISOString(),
    kind: r?.kind ?? 'not-bounce',
    format: r?.format ?? null,
    reporting_mta: r?.reportingMta ?? null,
    message_id: r?.messageId ?? null,
    subject: r?.subject ?? null,
    feedback_type: r?.feedback?.feedbackType ?? null,
    problems: JSON.stringify(r ? r.problems : [p.threw]),
  };
}

function toIso(d: Date | string): string {
  const t = typeof d === 'string' ? new Date(d) : d;
  if (Number.isNaN(t.getTime())) throw new Error(`not a date: ${String(d)}`);
  return t.toISOString();
}
