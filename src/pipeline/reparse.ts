// `rebound reparse`: read stored raw messages again with the current parser and rules, replace their
// records when the result differs, and rebuild the policy state of every address concerned (a
// replay of its history), so the suppression list matches what the parser now says.
import { parserVersion } from './parser-version.js';
import type { PipelineContext } from './context.js';
import type { BounceRow, SuppressionRow } from '../store/schema.js';
import { bouncesOfMessage, deleteBouncesOfMessage, insertBounce } from '../store/bounces.js';
import { getMessage, getRawInput, markProcessed, messageIdsFor, type ReparseSelection } from '../store/messages.js';
import { activeSuppression } from '../store/suppressions.js';
import { Batch, transaction } from '../store/sync.js';
import { replayAddress } from '../policy/replay.js';
import { emitSuppressionReplayed } from '../events/store-events.js';
import { processedFields, recordsFor, safeParse } from './ingest.js';
import type { RecordFields } from './records.js';

export interface MessageChange {
  messageId: number;
  ref: string | null;
  /** e.g. `kind not-bounce -> bounce`, `+ a@b hard userunknown`, `~ a@b soft mailboxfull -> hard userunknown` */
  changes: string[];
}

export interface SuppressionChange {
  address: string;
  before: string | null;
  after: string | null;
}

export interface ReparseResult {
  messages: number;
  changed: MessageChange[];
  suppressions: SuppressionChange[];
}

const COMPARED = ['vouched', 'kind', 'action', 'status', 'smtp_code', 'type', 'reason', 'remote_mta', 'diagnostic', 'command', 'rule', 'reporting_mta', 'original_message_id', 'feedback_type'] as const;

/** `selection`: which stored messages, or these ones (the dashboard's review queue) */
export function reparse(ctx: PipelineContext, selection: ReparseSelection | readonly number[] = 'outdated'): ReparseResult {
  const store = ctx.store;
  const result: ReparseResult = { messages: 0, changed: [], suppressions: [] };
  const now = ctx.now().toISOString();
  const ids = typeof selection === 'string' ? messageIdsFor(store, selection, parserVersion(store.classifier)) : selection;
  // each message under a savepoint of a transaction committed every 500 messages or 500 ms, as
  // ingest does: a commit per message was about a third of a reparse of 3,940 messages (3.3–3.7 s
  // against 2.3–2.4). Work a crash cuts short is only done again (those messages still read as outdated).
  // (inside a caller's transaction: each message a savepoint of that one, which its caller commits)
  const batch = store.sqlite.inTransaction ? null : new Batch(store);
  try {
    for (const id of ids) {
      batch?.begin();
      reparseOne(ctx, id, now, result);
      batch?.done();
    }
  } finally {
    batch?.commit();
  }
  return result;
}

function reparseOne(ctx: PipelineContext, id: number, now: string, result: ReparseResult): void {
  const store = ctx.store;
  const input = getRawInput(store, id);
  if (!input) return;
  // a service's event goes back to its decoder, a mail message to the mail parser
  const parsed = safeParse(input.raw, store.classifier, input.format);
  transaction(store, () => {
    const message = getMessage(store, id);
    if (!message || message.status === 'pending') return;
    result.messages++;
    const old = bouncesOfMessage(store, id);
    const next = recordsFor(ctx, message, parsed);
    const fields = processedFields(ctx, parsed, next.length);
    const changes = fieldChanges(message, fields);
    const recordChanges = diffRecords(old, next);
    changes.push(...recordChanges);
    markProcessed(store, id, fields);
    if (recordChanges.length === 0) {
      if (changes.length) result.changed.push({ messageId: id, ref: message.source_ref, changes });
      return;
    }
    const addresses = new Set([...old.map((b) => b.recipient), ...next.map((r) => r.recipient)]);
    const before = new Map([...addresses].map((a) => [a, activeSuppression(store, a, now) ?? null]));
    deleteBouncesOfMessage(store, id);
    for (const rec of next) insertBounce(store, { ...rec, message_id: id, event_at: message.received_at });
    for (const a of addresses) {
      replayAddress(ctx, a);
      const was = before.get(a) ?? null;
      const is = activeSuppression(store, a, now) ?? null;
      if (describeSuppression(is) === describeSuppression(was)) continue;
      result.suppressions.push({ address: a, before: describeSuppression(was), after: describeSuppression(is) });
      emitSuppressionReplayed(store, { address: a, domain: is?.domain ?? was!.domain, before: was, after: is, at: now });
    }
    result.changed.push({ messageId: id, ref: message.source_ref, changes });
  });
}

/** A suppression as a reparse's report names it: `hard (userunknown)` (shared with pg/reparse.ts). */
export function describeSuppression(s: SuppressionRow | null): string | null {
  return s ? `${s.type} (${s.reason})` : null;
}

/** What changed in a message's kind and status, one line each (shared with pg/reparse.ts). */
export function fieldChanges(was: { kind: string | null; status: string }, now: { kind: string | null; status: string }): string[] {
  const out: string[] = [];
  if (was.kind !== now.kind) out.push(`kind ${was.kind} -> ${now.kind}`);
  if (was.status !== now.status) out.push(`status ${was.status} -> ${now.status}`);
  return out;
}

/** What changed between a message's stored records and the ones read now, one line each. */
export function diffRecords(old: readonly BounceRow[], next: readonly RecordFields[]): string[] {
  const out: string[] = [];
  const before = new Map(old.map((b) => [b.recipient, b]));
  const seen = new Set<string>();
  for (const r of next) {
    seen.add(r.recipient);
    const b = before.get(r.recipient);
    if (!b) {
      out.push(`+ ${r.recipient} ${r.type ?? '-'} ${r.reason}`);
      continue;
    }
    const differs = COMPARED.filter((k) => (b[k] ?? null) !== (r[k] ?? null));
    if (differs.length) {
      const was = `${b.type ?? '-'} ${b.reason}`;
      const now = `${r.type ?? '-'} ${r.reason}`;
      out.push(`~ ${r.recipient} ${was === now ? `${differs.join(', ')} changed` : `${was} -> ${now}`}`);
    }
  }
  for (const b of old) if (!seen.has(b.recipient)) out.push(`- ${b.recipient} ${b.type ?? '-'} ${b.reason}`);
  return out;
}
