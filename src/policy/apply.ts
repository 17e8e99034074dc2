// Carries a policy decision into the SQLite store, inside the caller's transaction: reads the
// address's state, asks plan.ts (pure, shared with the PostgreSQL adapter) for the writes, and
// makes them.
import type { Store } from '../store/open.js';
import type { PipelineContext } from '../pipeline/context.js';
import type { SoftStateRow } from '../store/schema.js';
import { getSoftState, putSoftState } from '../store/soft-state.js';
import { activeSuppression, insertSuppression, updateSuppression } from '../store/suppressions.js';
import type { SoftState } from './decide.js';
import { type AddressEvent, type Outcome, type PolicyWrite, decideEvent, planEvent } from './plan.js';

export type { AddressEvent, Outcome };

export function applyEvent(ctx: PipelineContext, ev: AddressEvent): { outcome: Outcome; why?: string } {
  const store = ctx.store;
  const soft = loadSoftState(store, ev.address);
  const { effect, needsActive } = decideEvent(ev, soft, ctx.policy);
  const active = needsActive ? (activeSuppression(store, ev.address, ev.at) ?? null) : null;
  const plan = planEvent(ev, effect, soft, active);
  writePolicy(store, plan.writes);
  return plan.why === undefined ? { outcome: plan.outcome } : { outcome: plan.outcome, why: plan.why };
}

/** Make the policy's writes; returns the id of the suppression inserted, if one was. */
export function writePolicy(store: Store, writes: readonly PolicyWrite[]): number | null {
  let inserted: number | null = null;
  for (const w of writes) {
    if (w.write === 'soft') saveSoftState(store, w.address, w.soft);
    else if (w.write === 'insert') inserted = insertSuppression(store, w.row);
    else updateSuppression(store, w.id, w.patch);
  }
  return inserted;
}

export function softStateOf(row: SoftStateRow | undefined): SoftState | null {
  if (!row) return null;
  return {
    events: JSON.parse(row.events) as string[],
    total: row.total,
    lastReason: row.last_reason,
    lastEventAt: row.last_event_at,
    clearedAt: row.cleared_at,
  };
}

export function softStateRow(address: string, s: SoftState): SoftStateRow {
  return { address, events: JSON.stringify(s.events), total: s.total, last_reason: s.lastReason, last_event_at: s.lastEventAt, cleared_at: s.clearedAt };
}

export function loadSoftState(store: Store, address: string): SoftState | null {
  return softStateOf(getSoftState(store, address));
}

export function saveSoftState(store: Store, address: string, s: SoftState): void {
  putSoftState(store, softStateRow(address, s));
}
