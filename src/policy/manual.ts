// What a person decides: `rebound suppress` and `rebound unsuppress`. Each is logged (so a replay
// after a reparse honours it) and applied in one transaction.
import { parseAddress } from '../address.js';
import type { Store } from '../store/open.js';
import type { PipelineContext } from '../pipeline/context.js';
import type { ManualActionRow, SuppressionRow } from '../store/schema.js';
import { insertManualAction } from '../store/manual-actions.js';
import { getSuppression, activeSuppressions } from '../store/suppressions.js';
import { transaction } from '../store/sync.js';
import { loadSoftState, writePolicy } from './apply.js';
import { planManual } from './plan.js';
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

/** Apply a logged manual action (also used by the replay): read the state, plan (plan.ts), write. */
export function applyManual(
  store: Store,
  action: Omit<ManualActionRow, 'id' | 'actor'>,
  domain: string,
): SuppressResult | UnsuppressResult {
  const plan = planManual(action, domain, activeSuppressions(store, action.address, action.at), loadSoftState(store, action.address));
  const inserted = writePolicy(store, plan.writes);
  if (plan.action === 'unsuppress') return { address: action.address, lifted: plan.lifted };
  const id = plan.suppression.id ?? inserted!;
  return { address: action.address, outcome: plan.outcome, suppression: plan.outcome === 'already' ? (plan.suppression as SuppressionRow) : getSuppression(store, id)! };
}
