// The events sent to webhooks, and the store observer that queues them: each event becomes one
// outbox row per configured URL, written in the transaction that made it (so it commits with the
// suppression, or not at all). Nothing here touches the network.
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/open.js';
import { activeSuppression } from '../store/suppressions.js';
import { presentSuppression } from '../present/suppression.js';
import { enqueueOutbox, type OutboxEvent } from '../store/outbox.js';
import type { SuppressionRow } from '../store/schema.js';
import { observeStore, type ManualApplied, type MessageWritten, type SuppressionReplayed, type WrittenRecord } from '../events/store-events.js';
import { type WebhookEventType, type WebhookSettings, webhooksEnabled } from '../config/webhooks.js';
import { LISTMONK_EVENT, listmonkBounce } from './listmonk.js';

export interface WebhookEvent<D = Record<string, unknown>> {
  /** the same in every delivery of this event (to each URL, at each attempt): deduplicate by it */
  id: string;
  type: WebhookEventType;
  /** when the event happened (the store's clock), ISO 8601 UTC */
  createdAt: string;
  data: D;
}

/** One queuing observer per store handle, however many parts attach it. */
const attached = new WeakMap<Store, { count: number; listeners: Set<() => void>; detach: () => void }>();

/**
 * Queue webhook events for what is written through this store handle. A no-op (nothing is
 * registered) when no URL is configured. Attaching again on the same handle queues nothing twice:
 * it only adds `onQueued` (the first settings hold). Returns the function that stops it.
 */
export function attachOutbox(store: Store, settings: WebhookSettings, onQueued?: () => void): () => void {
  if (!webhooksEnabled(settings)) return () => {};
  let entry = attached.get(store);
  if (!entry) {
    const listeners = new Set<() => void>();
    entry = { count: 0, listeners, detach: register(store, settings, listeners) };
    attached.set(store, entry);
  }
  const e = entry;
  e.count++;
  if (onQueued) e.listeners.add(onQueued);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    if (onQueued) e.listeners.delete(onQueued);
    if (--e.count === 0) {
      e.detach();
      attached.delete(store);
    }
  };
}

/**
 * Queue one event for every URL, when that type is wanted; the caller holds the transaction.
 * Returns whether anything was queued.
 */
export function queueEvent(store: Store, settings: WebhookSettings, type: WebhookEventType, createdAt: string, data: Record<string, unknown>): boolean {
  const rows = eventRows(settings, type, createdAt, data);
  for (const r of rows) enqueueOutbox(store, r);
  return rows.length > 0;
}

/** The outbox rows of one event: one per URL, none when the type is not wanted. */
export function eventRows(settings: WebhookSettings, type: WebhookEventType, createdAt: string, data: Record<string, unknown>): OutboxEvent[] {
  if (!settings.urls.length || !settings.events.includes(type)) return [];
  const ev: WebhookEvent = { id: randomUUID(), type, createdAt, data };
  const body = JSON.stringify(ev);
  return settings.urls.map((url) => ({ event_id: ev.id, event_type: type, url, body, created_at: ev.createdAt }));
}

/**
 * The outbox rows a processed message makes (records, suppressions, bridges), whatever the store:
 * `activeOf` gives an address's active suppression once the policy has written it.
 */
export function messageEventRows(settings: WebhookSettings, ev: MessageWritten, activeOf: (address: string, at: string) => SuppressionRow | undefined): OutboxEvent[] {
  const rows: OutboxEvent[] = [];
  const at = ev.message.processed_at ?? ev.message.spooled_at;
  const l = settings.listmonk;
  for (const r of ev.records) {
    const body = l ? listmonkBounce(ev, r) : null;
    if (l && body) rows.push({ event_id: randomUUID(), event_type: LISTMONK_EVENT, url: l.url, body: JSON.stringify(body), created_at: at });
    rows.push(...eventRows(settings, 'bounce.recorded', at, bounceData(ev, r)));
    if (r.outcome === 'suppressed' || r.outcome === 'upgraded') {
      const sup = activeOf(r.record.recipient, r.record.event_at);
      if (sup) rows.push(...eventRows(settings, 'suppression.created', at, { ...presentSuppression(sup), change: r.outcome === 'upgraded' ? 'upgraded' : 'new', cause: causeOf(ev, r) }));
    }
    if (r.outcome === 'lifted') {
      rows.push(
        ...eventRows(settings, 'suppression.lifted', at, { address: r.record.recipient, domain: r.record.domain, liftedAt: r.record.event_at, by: 'delivery', note: 'lifted by a delivery report', cause: causeOf(ev, r) }),
      );
    }
  }
  return rows;
}

/** The outbox rows of a person's suppress or unsuppress; `active`: the address's suppression after it. */
export function manualEventRows(settings: WebhookSettings, ev: ManualApplied, active: SuppressionRow | undefined): OutboxEvent[] {
  if (!ev.changed) return [];
  if (ev.action === 'suppress') return active ? eventRows(settings, 'suppression.created', ev.at, { ...presentSuppression(active), change: 'manual', cause: null }) : [];
  return eventRows(settings, 'suppression.lifted', ev.at, { address: ev.address, domain: ev.domain, liftedAt: ev.at, by: 'manual', note: ev.text, cause: null });
}

/** The outbox rows of a reparse's change: the parser now reads the address's reports otherwise, what its suppression became. */
export function replayedEventRows(settings: WebhookSettings, ev: SuppressionReplayed): OutboxEvent[] {
  return ev.after
    ? eventRows(settings, 'suppression.created', ev.at, { ...presentSuppression(ev.after), change: ev.before ? 'changed' : 'new', cause: null, by: 'reparse' })
    : eventRows(settings, 'suppression.lifted', ev.at, { address: ev.address, domain: ev.domain, liftedAt: ev.at, by: 'reparse', note: 'its reports, read again, no longer support it', cause: null });
}

function register(store: Store, settings: WebhookSettings, listeners: Set<() => void>): () => void {
  let queued = false;
  const enqueue = (rows: OutboxEvent[]) => {
    for (const r of rows) enqueueOutbox(store, r);
    if (rows.length) queued = true;
  };
  const flush = () => {
    // after the transaction has committed
    if (queued) for (const l of listeners) setImmediate(l);
    queued = false;
  };
  return observeStore(store, {
    messageWritten(s, ev) {
      enqueue(messageEventRows(settings, ev, (address, at) => activeSuppression(s, address, at)));
      flush();
    },
    manualApplied(s, ev) {
      enqueue(manualEventRows(settings, ev, ev.changed && ev.action === 'suppress' ? activeSuppression(s, ev.address, ev.at) : undefined));
      flush();
    },
    suppressionReplayed(_s, ev) {
      enqueue(replayedEventRows(settings, ev));
      flush();
    },
  });
}

/** The record and message behind an event. */
function causeOf(ev: MessageWritten, r: WrittenRecord) {
  const b = r.record;
  return {
    bounceId: r.bounceId,
    messageId: ev.message.id,
    source: ev.message.source,
    kind: b.kind,
    action: b.action ?? null,
    status: b.status ?? null,
    smtpCode: b.smtp_code ?? null,
    reason: b.reason,
    rule: b.rule ?? null,
    diagnostic: b.diagnostic ?? null,
    remoteMta: b.remote_mta ?? null,
    reportingMta: b.reporting_mta ?? null,
    feedbackType: b.feedback_type ?? null,
    eventAt: b.event_at,
  };
}

function bounceData(ev: MessageWritten, r: WrittenRecord) {
  return { address: r.record.recipient, domain: r.record.domain, type: r.record.type ?? null, outcome: r.outcome, ...causeOf(ev, r) };
}
