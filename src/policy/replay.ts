// Rebuild an address's policy state from its history: every stored record and every manual
// action, oldest first, through the same rules as at ingestion. Used after a reparse changed
// records, so the suppression list matches what the current parser says.
import { normalizeAddress } from '../address.js';
import type { PipelineContext } from '../pipeline/context.js';
import { bouncesOfAddress } from '../store/bounces.js';
import { manualActionsOf } from '../store/manual-actions.js';
import { deleteSoftState } from '../store/soft-state.js';
import { deleteSuppressionsOf } from '../store/suppressions.js';
import { applyEvent } from './apply.js';
import { applyManual } from './manual.js';

/** The caller holds the transaction. */
export function replayAddress(ctx: PipelineContext, address: string): void {
  const store = ctx.store;
  deleteSuppressionsOf(store, address);
  deleteSoftState(store, address);
  const domain = normalizeAddress(address)?.domain ?? address.slice(address.lastIndexOf('@') + 1);
  const bounces = bouncesOfAddress(store, address).map((b) => ({ at: b.event_at, order: 0, b }));
  const manual = manualActionsOf(store, address).map((m) => ({ at: m.at, order: 1, m }));
  const events = [...bounces, ...manual].sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : x.order - y.order));
  for (const e of events) {
    if ('b' in e) {
      const b = e.b;
      if (b.vouched === 0) continue; // kept, but its message does not speak for this address
      applyEvent(ctx, {
        address,
        domain: b.domain,
        bounceId: b.id,
        kind: b.kind,
        action: b.action,
        type: b.type,
        reason: b.reason,
        feedbackType: b.feedback_type,
        at: b.event_at,
      });
    } else {
      applyManual(store, e.m, domain);
    }
  }
}
