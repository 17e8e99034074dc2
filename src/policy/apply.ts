// Carries a policy decision into the store, inside the caller's transaction. The decision itself
// is made by decide.ts; this file only reads the state it needs and writes the outcome.
import type { Store } from '../store/open.js';
import type { PipelineContext } from '../pipeline/context.js';
import type { SoftStateRow } from '../store/schema.js';
import { getSoftState, putSoftState } from '../store/soft-state.js';
import { activeSuppression, insertSuppression, updateSuppression } from '../store/suppressions.js';
import { type PolicyEvent, type SoftState, decide } from './decide.js';

export interface AddressEvent extends PolicyEvent {
  /** normalised address */
  address: string;
  domain: string;
  /** the record behind the event, when there is one */
  bounceId: number | null;
}

export type Outcome =
  | 'suppressed' // a new suppression
  | 'upgraded' // a soft suppression became hard or complaint
  | 'touched' // already suppressed: counted on the existing suppression
  | 'counted-soft'
  | 'sender' // a sender- or message-level block: counted per domain, not against the address
  | 'cleared' // soft state cleared by a delivery
  | 'lifted' // soft suppression lifted by a delivery
  | 'ignored'
  | 'unverified'; // signed return paths are required and the message does not vouch for this address

export function applyEvent(ctx: PipelineContext, ev: AddressEvent): { outcome: Outcome; why?: string } {
  const store = ctx.store;
  const soft = loadSoftState(store, ev.address);
  const effect = decide(ev, soft, ctx.policy);
  switch (effect.effect) {
    case 'ignore':
      return { outcome: 'ignored', why: effect.why };
    case 'sender':
      return { outcome: 'sender', why: effect.why };
    case 'count-soft':
      saveSoftState(store, ev.address, effect.soft);
      return { outcome: 'counted-soft' };
    case 'clear-soft': {
      if (soft) saveSoftState(store, ev.address, effect.soft);
      const active = activeSuppression(store, ev.address, ev.at);
      if (effect.liftSoft && active?.type === 'soft') {
        updateSuppression(store, active.id, { lifted_at: ev.at, note: 'lifted by a delivery report' });
        return { outcome: 'lifted' };
      }
      return { outcome: 'cleared' };
    }
    case 'suppress': {
      if (effect.soft) saveSoftState(store, ev.address, effect.soft);
      const active = activeSuppression(store, ev.address, ev.at);
      if (!active) {
        insertSuppression(store, {
          address: ev.address,
          domain: ev.domain,
          type: effect.type,
          reason: effect.reason,
          suppressed_at: ev.at,
          first_event_at: effect.firstEventAt,
          last_event_at: ev.at,
          event_count: effect.events,
          bounce_id: ev.bounceId,
          expires_at: effect.expiresAt,
          lifted_at: null,
          note: null,
        });
        return { outcome: 'suppressed' };
      }
      // events may arrive out of time order (an old mbox after newer files)
      const lastEventAt = active.last_event_at > ev.at ? active.last_event_at : ev.at;
      const firstEventAt = active.first_event_at < effect.firstEventAt ? active.first_event_at : effect.firstEventAt;
      if (active.type === 'soft' && effect.type !== 'soft') {
        updateSuppression(store, active.id, {
          type: effect.type,
          reason: effect.reason,
          bounce_id: ev.bounceId,
          expires_at: null,
          first_event_at: firstEventAt,
          last_event_at: lastEventAt,
          event_count: active.event_count + 1,
        });
        return { outcome: 'upgraded' };
      }
      const expiresAt =
        active.type === 'soft' && effect.expiresAt && active.expires_at && effect.expiresAt > active.expires_at
          ? effect.expiresAt
          : active.expires_at;
      updateSuppression(store, active.id, {
        first_event_at: firstEventAt,
        last_event_at: lastEventAt,
        event_count: active.event_count + 1,
        expires_at: expiresAt,
      });
      return { outcome: 'touched' };
    }
  }
}

export function loadSoftState(store: Store, address: string): SoftState | null {
  const row = getSoftState(store, address);
  if (!row) return null;
  return {
    events: JSON.parse(row.events) as string[],
    total: row.total,
    lastReason: row.last_reason,
    lastEventAt: row.last_event_at,
    clearedAt: row.cleared_at,
  };
}

export function saveSoftState(store: Store, address: string, s: SoftState): void {
  const row: SoftStateRow = {
    address,
    events: JSON.stringify(s.events),
    total: s.total,
    last_reason: s.lastReason,
    last_event_at: s.lastEventAt,
    cleared_at: s.clearedAt,
  };
  putSoftState(store, row);
}
