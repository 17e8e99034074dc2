// Events from sending services into the store, through the same path as mail: each event is kept
// raw with its format (the service's name) and its key (`<service>:<event id>`), decoded by its
// service's decoder, recorded, and the policy applied. A request's events (a SendGrid batch) are
// written in one transaction, so the answer (2xx) follows their commit; an event already stored
// (a retried or re-batched delivery) changes nothing.
import type { PipelineContext } from './context.js';
import type { StorePort } from '../store/port.js';
import { transaction } from '../store/sync.js';
import type { SplitEvent } from '../parse/events/types.js';
import { type IngestMeta, type Parsed, ingestParsedIn, safeParse } from './ingest.js';

export interface EventsResult {
  /** events in the request that Rebound keeps */
  received: number;
  /** of those, new ones (the rest were stored before) */
  new: number;
  duplicates: number;
  /** new per-recipient records */
  records: number;
  /** addresses newly suppressed */
  suppressed: string[];
}

/** A request's events decoded (pure work, done before the transaction), ready to write. */
export interface DecodedEvents {
  provider: string;
  sourceRef: string | null;
  events: Array<{ e: SplitEvent; raw: Buffer; parsed: Parsed }>;
  /** when they were decoded: the time an event without a plausible one of its own is given */
  now: Date;
}

/** Decode a request's events; the facts the decoder read while splitting the body are used, not read again. */
export function decodeEvents(ctx: PipelineContext, provider: string, events: readonly SplitEvent[], sourceRef: string | null = null): DecodedEvents {
  const classifier = ctx.store.classifier;
  return {
    provider,
    sourceRef,
    events: events.map((e) => {
      const raw = Buffer.from(e.raw, 'utf8');
      return { e, raw, parsed: safeParse(raw, classifier, provider, e.facts) };
    }),
    now: ctx.now(),
  };
}

/**
 * Write decoded events inside the caller's transaction. `onNew` runs for each event not stored
 * before (a manual suppression for an unsubscribe): a retried delivery does not run it again.
 */
export function writeEvents(ctx: PipelineContext, d: DecodedEvents, onNew?: (e: SplitEvent) => void): EventsResult {
  const out: EventsResult = { received: d.events.length, new: 0, duplicates: 0, records: 0, suppressed: [] };
  // no savepoint per event: any error rolls the whole request back, and it is answered 5xx
  for (const { e, raw, parsed } of d.events) {
    const r = ingestParsedIn(ctx, raw, eventMeta(d, e, parsed), parsed);
    if (r.duplicate) out.duplicates++;
    else {
      out.new++;
      onNew?.(e);
    }
    out.records += r.records;
    out.suppressed.push(...r.suppressed);
  }
  return out;
}

/**
 * Decode, then write in one transaction. `onNew` runs, inside the transaction, for each event not
 * stored before (a manual suppression for an unsubscribe): a retried delivery does not run it again.
 */
export function ingestEvents(
  ctx: PipelineContext,
  provider: string,
  events: readonly SplitEvent[],
  sourceRef: string | null = null,
  onNew?: (e: SplitEvent) => void,
): EventsResult {
  // decoding is pure: done before the transaction so the write lock is held only for the writes
  const decoded = decodeEvents(ctx, provider, events, sourceRef);
  return transaction(ctx.store, () => writeEvents(ctx, decoded, onNew));
}

/**
 * Write decoded events into a shared store (PostgreSQL) through its port: one transaction there,
 * idempotent by event key across the hosts, committed before this resolves. The host's local file
 * is not involved, so the events reach the store every host reads. `fresh`: the events not stored
 * before.
 */
export async function writeEventsThrough(port: StorePort, d: DecodedEvents): Promise<EventsResult & { fresh: SplitEvent[] }> {
  const results = await port.ingestGroup(d.events.map(({ e, raw, parsed }) => ({ raw, meta: eventMeta(d, e, parsed) })));
  const out: EventsResult & { fresh: SplitEvent[] } = { received: d.events.length, new: 0, duplicates: 0, records: 0, suppressed: [], fresh: [] };
  for (const [i, r] of results.entries()) {
    if (r.duplicate) out.duplicates++;
    else (out.new++, out.fresh.push(d.events[i].e));
    out.records += r.records;
    out.suppressed.push(...r.suppressed);
  }
  return out;
}

function eventMeta(d: DecodedEvents, e: SplitEvent, parsed: Parsed): IngestMeta {
  return {
    source: 'event',
    sourceRef: d.sourceRef ?? `${d.provider} ${e.id}`,
    format: d.provider,
    eventKey: `${d.provider}:${e.id}`,
    // the event's own time, so the policy's windows count when things happened
    receivedAt: plausible(parsed.report?.arrivalDate ?? null, d.now) ?? d.now,
  };
}

const DAY_MS = 86_400_000;

/** An event time within a year back and a day ahead of ours; else ours (a clock gone wrong). */
function plausible(at: string | null, now: Date): string | null {
  if (!at) return null;
  const t = Date.parse(at);
  return t > now.getTime() - 366 * DAY_MS && t < now.getTime() + DAY_MS ? new Date(t).toISOString() : null;
}
