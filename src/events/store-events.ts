// Hooks for what the pipeline and the manual commands decide, so that other parts (the webhook
// outbox, metrics) follow without the pipeline knowing them. Observers are kept per store handle.
// They run inside the transaction that made the change: an observer may write to the store (an
// outbox row commits or rolls back with the change), must not wait on anything, and a throw rolls
// the change back. With no observer nothing is built or called.
import type { Store } from '../store/open.js';
import type { MessageRow, NewBounce, SuppressionRow } from '../store/schema.js';
import type { Outcome } from '../policy/apply.js';

export interface WrittenRecord {
  bounceId: number;
  record: NewBounce;
  /** what the policy did with it */
  outcome: Outcome;
}

/** A message processed: its row as stored (status, kind) and its new records. */
export interface MessageWritten {
  message: MessageRow;
  records: WrittenRecord[];
}

/** A `suppress` or `unsuppress` by a person (CLI or API). */
export interface ManualApplied {
  action: 'suppress' | 'unsuppress';
  address: string;
  domain: string;
  text: string | null;
  at: string;
  /** suppress: a new suppression or a soft one made manual; unsuppress: suppressions lifted */
  changed: boolean;
}

/** An address's state rebuilt from its history (`reparse`), and its suppression changed. */
export interface SuppressionReplayed {
  address: string;
  domain: string;
  /** the active suppression before and after; at least one is set, and they differ */
  before: SuppressionRow | null;
  after: SuppressionRow | null;
  at: string;
}

export interface StoreObserver {
  messageWritten?(store: Store, ev: MessageWritten): void;
  manualApplied?(store: Store, ev: ManualApplied): void;
  suppressionReplayed?(store: Store, ev: SuppressionReplayed): void;
}

const observers = new WeakMap<Store, StoreObserver[]>();

/** Register an observer on this store handle; returns the function that removes it. */
export function observeStore(store: Store, o: StoreObserver): () => void {
  const list = observers.get(store) ?? [];
  observers.set(store, [...list, o]);
  return () => observers.set(store, (observers.get(store) ?? []).filter((x) => x !== o));
}

export function isObserved(store: Store): boolean {
  return (observers.get(store)?.length ?? 0) > 0;
}

export function emitMessageWritten(store: Store, ev: MessageWritten): void {
  for (const o of observers.get(store) ?? []) o.messageWritten?.(store, ev);
}

export function emitManualApplied(store: Store, ev: ManualApplied): void {
  for (const o of observers.get(store) ?? []) o.manualApplied?.(store, ev);
}

export function emitSuppressionReplayed(store: Store, ev: SuppressionReplayed): void {
  for (const o of observers.get(store) ?? []) o.suppressionReplayed?.(store, ev);
}
