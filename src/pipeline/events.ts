// Events from sending services into the store, through the same path as mail: each event is kept
// raw with its format (the service's name) and its key (`<service>:<event id>`), decoded by its
// service's decoder, recorded, and the policy applied. A request's events (a SendGrid batch) are
// written in one transaction, so the answer (2xx) follows their commit; an event already stored
// (a retried or re-batched delivery) changes nothing.
import type { PipelineContext } from './context.js';
import { transaction } from '../store/sync.js';
import type { SplitEvent } from '../parse/events/types.js';
import { ingestParsedIn, safeParse } from './ingest.js';

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

/**
 * `onNew` runs, inside the transaction, for each event not stored before (a manual suppression for
 * an unsubscribe): a retried delivery does not run it again.
 */
export function ingestEvents(
  ctx: PipelineContext,
  provider: string,
  events: readonly SplitEvent[],
  sourceRef: string | null = null,
  onNew?: (e: SplitEvent) => void,
): EventsResult {
  const store = ctx.store;
  // decoding is pure: done before the transaction so the write lock is held only for the writes;
  // the facts the decoder read while splitting the body are used, not read again from the bytes
  const decoded = events.map((e) => {
    const raw = Buffer.from(e.raw, 'utf8');
    const parsed = safeParse(raw, store.classifier, provider, e.facts);
    return { e, raw, parsed };
  });
  const now = ctx.now();
  return transaction(store, () => {
    const out: EventsResult = { received: events.length, new: 0, duplicates: 0, records: 0, suppressed: [] };
    // no savepoint per event: any error rolls the whole request back, and it is answered 5xx
    for (const { e, raw, parsed } of decoded) {
      const r = ingestParsedIn(ctx, raw, {
        source: 'event',
        sourceRef: sourceRef ?? `${provider} ${e.id}`,
        format: provider,
        eventKey: `${provider}:${e.id}`,
        // the event's own time, so the policy's windows count when things happened
        receivedAt: plausible(parsed.report?.arrivalDate ?? null, now) ?? now,
      }, parsed);
      if (r.duplicate) out.duplicates++;
      else {
        out.new++;
        onNew?.(e);
      }
      out.records += r.records;
      out.suppressed.push(...r.suppressed);
    }
    return out;
  });
}

const DAY_MS = 86_400_000;

/** An event time within a year back and a day ahead of ours; else ours (a clock gone wrong). */
function plausible(at: string | null, now: Date): string | null {
  if (!at) return null;
  const t = Date.parse(at);
  return t > now.getTime() - 366 * DAY_MS && t < now.getTime() + DAY_MS ? new Date(t).toISOString() : null;
}
