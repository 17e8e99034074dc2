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
import type { AddressEvent } from './plan.js';
import { addressEventOf } from './event-of.js';
import type { BounceRow, ManualActionRow } from '../store/schema.js';

/** The caller holds the transaction. */
export function replayAddress(ctx: PipelineContext, address: string): void {
  const store = ctx.store;
  deleteSuppressionsOf(store, address);
  deleteSoftState(store, address);
  for (const e of replayEvents(address, bouncesOfAddress(store, address), manualActionsOf(store, address))) {
    if (e.event) applyEvent(ctx, e.event);
    else applyManual(store, e.manual, e.domain);
  }
}

/**
 * An address's history as the policy sees it again, oldest first (a record before a person's
 * action at the same time); records whose message does not speak for the address are left out.
 * Pure: the PostgreSQL store replays with it too (pg/reparse.ts).
 */
export type ReplayStep = { event: AddressEvent; manual?: never; domain?: never } | { event?: never; manual: ManualActionRow; domain: string };

export function replayEvents(address: string, records: readonly BounceRow[], actions: readonly ManualActionRow[]): ReplayStep[] {
  const domain = normalizeAddress(address)?.domain ?? address.slice(address.lastIndexOf('@') + 1);
  const bounces = records.map((b) => ({ at: b.event_at, order: 0, b }));
  const manual = actions.map((m) => ({ at: m.at, order: 1, m }));
  const events = [...bounces, ...manual].sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : x.order - y.order));
  return events.flatMap((e): ReplayStep[] => {
    if (!('b' in e)) return [{ manual: e.m, domain }];
    const b = e.b;
    if (b.vouched === 0) return []; // kept, but its message does not speak for this address
    return [{ event: addressEventOf({ ...b, recipient: address }, b.id, b.event_at) }];
  });
}
