// The one place that says what follows a write through a store handle: webhook events queued in
// the outbox (in the transaction that made the change) and the counts of what was written (after
// the commit). `serve` (its main handle and the IMAP pollers' handle), the spool worker's handle
// and the CLI's handle are all wired here, so no entry point forgets an observer or adds one twice.
import type { Store } from '../store/open.js';
import { activeSuppression } from '../store/suppressions.js';
import type { SuppressionRow } from '../store/schema.js';
import { afterCommit } from '../store/sync.js';
import type { WebhookSettings } from '../config/webhooks.js';
import { attachOutbox } from '../webhooks/events.js';
import { observeStore, type MessageWritten } from './store-events.js';

/** What the metrics count of a processed message: plain data, so it can cross threads. */
export interface WrittenSummary {
  source: string;
  kind: string;
  status: string;
  records: Array<{ type: string; reason: string; suppressed: string | null }>;
}

/** Where the counts of what a handle writes go: a registry, or a post to the thread that has one. */
export interface WriteCounts {
  /** each processed message, once its transaction has committed */
  recordWritten(w: WrittenSummary): void;
  /** a person suppressed an address (a new suppression, or a soft one made manual) */
  manualSuppressed?(): void;
}

export interface StoreWiring {
  /** with urls: webhook events for what this handle writes are queued in the outbox */
  webhook?: WebhookSettings;
  /** events were queued (and committed): the drain loop may look now */
  onQueued?: () => void;
  counts?: WriteCounts;
}

/** Attach every observer the wiring asks for; returns the function that detaches them all. */
export function wireStoreObservers(store: Store, w: StoreWiring): () => void {
  const undo: Array<() => void> = [];
  if (w.webhook) undo.push(attachOutbox(store, w.webhook, w.onQueued));
  const counts = w.counts;
  if (counts) {
    undo.push(
      observeStore(store, {
        messageWritten: (s, ev) => {
          const summary = summarizeWritten(s, ev);
          afterCommit(s, () => counts.recordWritten(summary));
        },
        manualApplied: (s, ev) => {
          if (ev.action === 'suppress' && ev.changed && counts.manualSuppressed) afterCommit(s, () => counts.manualSuppressed!());
        },
      }),
    );
  }
  return () => {
    for (const u of undo.splice(0)) u();
  };
}

/** Inside the observer (the write transaction): the suppression's type is read from the store. */
export function summarizeWritten(store: Store, ev: MessageWritten): WrittenSummary {
  return summaryOf(ev, (address, at) => activeSuppression(store, address, at));
}

/** The summary, whatever the store: `activeOf` gives an address's suppression after the policy's writes. */
export function summaryOf(ev: MessageWritten, activeOf: (address: string, at: string) => SuppressionRow | undefined): WrittenSummary {
  return {
    source: ev.message.source,
    kind: ev.message.kind ?? 'none',
    status: ev.message.status,
    records: ev.records.map((r) => ({
      type: r.record.type ?? 'none',
      reason: r.record.reason,
      suppressed: r.outcome === 'suppressed' || r.outcome === 'upgraded' ? (activeOf(r.record.recipient, r.record.event_at)?.type ?? 'unknown') : null,
    })),
  };
}
