// Raw messages: spooled first (status `pending`), then marked `parsed` or `failed` once the
// pipeline has written their records. Idempotent by SHA-256.
import type { Store } from './open.js';
import type { MessageRow, MessageStatus } from './schema.js';
import { allSync, firstSync, insertRow, statement, updateRow } from './sync.js';

export interface StoredRaw {
  id: number;
  status: MessageStatus;
  /** the report's kind once processed */
  kind: string | null;
}

export function findMessageBySha(store: Store, sha256: string): StoredRaw | undefined {
  return statement(store, 'select id, status, kind from messages where sha256 = ?').get(sha256) as StoredRaw | undefined;
}

/** A stored event of a sending service, by `<provider>:<its event id>`. */
export function findMessageByEventKey(store: Store, eventKey: string): StoredRaw | undefined {
  return statement(store, 'select id, status, kind from messages where event_key = ?').get(eventKey) as StoredRaw | undefined;
}

/** Insert the message and its bytes; the caller holds the transaction. */
export function insertMessage(store: Store, row: Omit<MessageRow, 'id'>, raw: Uint8Array): number {
  const id = insertRow(store, 'messages', row)!;
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  insertRow(store, 'message_raw', { message_id: id, raw: bytes });
  return id;
}

export function getMessage(store: Store, id: number): MessageRow | undefined {
  // prepared once: processing reads every message again, and building the query costs more than running it
  return statement(store, 'select * from messages where id = ?').get(id) as MessageRow | undefined;
}

export function getRaw(store: Store, id: number): Buffer | undefined {
  return firstSync(store, store.db.selectFrom('message_raw').select('raw').where('message_id', '=', id))?.raw;
}

/** The stored bytes and what they are (null: a mail message; else the service whose event they are). */
export function getRawInput(store: Store, id: number): { raw: Buffer; format: string | null } | undefined {
  return statement(store, 'select r.raw as raw, m.raw_format as format from message_raw r join messages m on m.id = r.message_id where r.message_id = ?').get(id) as
    | { raw: Buffer; format: string | null }
    | undefined;
}

/** Pending messages after `afterId`, oldest first, with their bytes: what a processing slice parses. */
export function pendingInputs(store: Store, afterId: number, limit: number): Array<{ id: number; raw: Buffer; format: string | null }> {
  return statement(
    store,
    "select m.id as id, r.raw as raw, m.raw_format as format from messages m join message_raw r on r.message_id = m.id where m.status = 'pending' and m.id > ? order by m.id limit ?",
  ).all(afterId, limit) as Array<{ id: number; raw: Buffer; format: string | null }>;
}

/** Pending messages after `afterId`, oldest first, each row with its bytes in one read: what a forwarding slice sends on. */
export function pendingRows(store: Store, afterId: number, limit: number): Array<MessageRow & { raw: Buffer }> {
  return statement(
    store,
    "select m.*, r.raw as raw from messages m join message_raw r on r.message_id = m.id where m.status = 'pending' and m.id > ? order by m.id limit ?",
  ).all(afterId, limit) as Array<MessageRow & { raw: Buffer }>;
}

export function pendingMessageIds(store: Store, limit: number): number[] {
  const q = store.db.selectFrom('messages').select('id').where('status', '=', 'pending').orderBy('id').limit(limit);
  return allSync(store, q).map((r) => r.id);
}

/** Bytes of raw messages spooled and not yet processed (the backlog), read once at start. */
export function pendingBytes(store: Store): number {
  const q = store.db.selectFrom('messages').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('size'), eb.lit(0)).as('n')).where('status', '=', 'pending');
  return Number(firstSync(store, q)?.n ?? 0);
}

/** The sizes of these messages, summed (what a processing slice took off the backlog). */
export function bytesOf(store: Store, ids: readonly number[]): number {
  if (ids.length === 0) return 0;
  const q = store.db.selectFrom('messages').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('size'), eb.lit(0)).as('n')).where('id', 'in', ids);
  return Number(firstSync(store, q)?.n ?? 0);
}

export type ProcessedFields = Pick<
  MessageRow,
  | 'status'
  | 'parser_version'
  | 'processed_at'
  | 'kind'
  | 'format'
  | 'reporting_mta'
  | 'message_id'
  | 'subject'
  | 'feedback_type'
  | 'problems'
>;

export function markProcessed(store: Store, id: number, fields: ProcessedFields): void {
  updateRow(store, 'messages', 'id', id, fields);
}

/** Which messages `reparse` reads again: outdated (another parser version), failed, or all. */
export type ReparseSelection = 'outdated' | 'failed' | 'all';

export function messageIdsFor(store: Store, selection: ReparseSelection, parserVersion: string): number[] {
  let q = store.db.selectFrom('messages').select('id').where('status', '!=', 'pending').orderBy('id');
  if (selection === 'failed') q = q.where('status', '=', 'failed');
  if (selection === 'outdated') {
    q = q.where((eb) => eb.or([eb('parser_version', 'is', null), eb('parser_version', '!=', parserVersion)]));
  }
  return allSync(store, q).map((r) => r.id);
}
