// What a person decides: `rebound suppress` and `rebound unsuppress`. Each is logged (so a replay
// after a reparse honours it) and applied in one transaction.
import { parseAddress } from '../address.js';
import type { Store } from '../store/open.js';
import type { PipelineContext } from '../pipeline/context.js';
import type { ManualActionRow, SuppressionRow } from '../store/schema.js';
import { insertManualAction } from '../store/manual-actions.js';
import { activeSuppression, getSuppression, insertSuppression, updateSuppression, activeSuppressions } from '../store/suppressions.js';
import { transaction } from '../store/sync.js';
import { loadSoftState, saveSoftState } from './apply.js';
import { emitManualApplied } from '../events/store-events.js';

export interface SuppressResult {
  address: string;
  /** `already`: it was suppressed for another cause, which stays */
  outcome: 'suppressed' | 'upgraded' | 'already';
  suppression: SuppressionRow;
}

/** `actor`: who asked (kept in the audit trail: `cli`, `api`, `ui:<name>`) */
export function suppressAddress(ctx: PipelineContext, input: string, reason: string, at: Date = ctx.now(), actor: string | null = null): SuppressResult {
  const store = ctx.store;
  const a = parseAddress(input);
  return transaction(store, () => {
    const row = { address: a.address, action: 'suppress' as const, text: reason, at: at.toISOString() };
    insertManualAction(store, { ...row, actor });
    const r = applyManual(store, row, a.domain) as SuppressResult;
    emitManualApplied(store, { ...row, domain: a.domain, changed: r.outcome !== 'already' });
    return r;
  });
}

export interface UnsuppressResult {
  address: string;
  /** suppressions lifted (0 when it was not suppressed) */
  lifted: number;
}

export function unsuppressAddress(ctx: PipelineContext, input: string, note: string, at: Date = ctx.now(), actor: string | null = null): UnsuppressResult {
  const store = ctx.store;
  const a = parseAddress(input);
  return transaction(store, () => {
    const row = { address: a.address, action: 'unsuppress' as const, text: note, at: at.toISOString() };
    insertManualAction(store, { ...row, actor });
    const r = applyManual(store, row, a.domain) as UnsuppressResult;
    emitManualApplied(store, { ...row, domain: a.domain, changed: r.lifted > 0 });
    return r;
  });
}

/** Apply a logged manual action (also used by the replay). */
export function applyManual(
  store: Store,
  action: Omit<ManualActionRow, 'id' | 'actor'>,
  domain: string,
): SuppressResult | UnsuppressResult {
  const at = action.at;
  if (action.action === 'unsuppress') {
    const active = activeSuppressions(store, action.address, at);
    for (const s of active) updateSuppression(store, s.id, { lifted_at: at, note: action.text });
    // the address starts afresh: earlier soft bounces no longer count
    const soft = loadSoftState(store, action.address);
    if (soft) saveSoftState(store, action.address, { ...soft, events: [], total: 0, clearedAt: at });
    return { address: action.address, lifted: active.length };
  }
  const reason = action.text ?? 'manual';
  const active = activeSuppression(store, action.address, at);
  if (active && active.type !== 'soft') return { address: action.address, outcome: 'already', suppression: active };
  if (active) {
    updateSuppression(store, active.id, { type: 'manual', reason, expires_at: null, note: null });
    return { address: action.address, outcome: 'upgraded', suppression: getSuppression(store, active.id)! };
  }
  const id = insertSuppression(store, {
    address: action.address,
    domain,
    type: 'manual',
    reason,
    suppressed_at: at,
    first_event_at: at,
    last_event_at: at,
    event_count: 1,
    bounce_id: null,
    expires_at: null,
    lifted_at: null,
    note: null,
  });
  return { address: action.address, outcome: 'suppressed', suppression: getSuppression(store, id)! };
}
