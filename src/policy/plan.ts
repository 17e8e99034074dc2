// The policy's writes as a pure function of the state it reads: an event (or a person's action)
// and the address's soft state and active suppression in, the outcome and the writes out. Each
// store adapter reads the state its own way (SQLite synchronously inside its transaction,
// PostgreSQL under a per-address lock), calls these, and carries the writes out: one policy,
// whatever the backend.
import type { NewSuppression, SuppressionRow } from '../store/schema.js';
import type { SuppressionPatch } from '../store/suppressions.js';
import type { PolicyConfig } from './config.js';
import { type Effect, type PolicyEvent, type SoftState, decide } from './decide.js';

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

/** One write the policy asks for. */
export type PolicyWrite =
  | { write: 'soft'; address: string; soft: SoftState }
  | { write: 'insert'; row: NewSuppression }
  | { write: 'update'; id: number; patch: SuppressionPatch };

export interface EventPlan {
  outcome: Outcome;
  why?: string;
  writes: PolicyWrite[];
}

/** The decision, made on the soft state alone; `needsActive` says whether the plan reads the suppression. */
export function decideEvent(ev: AddressEvent, soft: SoftState | null, cfg: PolicyConfig): { effect: Effect; needsActive: boolean } {
  const effect = decide(ev, soft, cfg);
  return { effect, needsActive: effect.effect === 'suppress' || effect.effect === 'clear-soft' };
}

/** The writes of a decided effect, given the address's state at the event's time. */
export function planEvent(ev: AddressEvent, effect: Effect, soft: SoftState | null, active: SuppressionRow | null): EventPlan {
  switch (effect.effect) {
    case 'ignore':
      return { outcome: 'ignored', why: effect.why, writes: [] };
    case 'sender':
      return { outcome: 'sender', why: effect.why, writes: [] };
    case 'count-soft':
      return { outcome: 'counted-soft', writes: [{ write: 'soft', address: ev.address, soft: effect.soft }] };
    case 'clear-soft': {
      const writes: PolicyWrite[] = soft ? [{ write: 'soft', address: ev.address, soft: effect.soft }] : [];
      if (effect.liftSoft && active?.type === 'soft') {
        writes.push({ write: 'update', id: active.id, patch: { lifted_at: ev.at, note: 'lifted by a delivery report' } });
        return { outcome: 'lifted', writes };
      }
      return { outcome: 'cleared', writes };
    }
    case 'suppress': {
      const writes: PolicyWrite[] = effect.soft ? [{ write: 'soft', address: ev.address, soft: effect.soft }] : [];
      if (!active) {
        writes.push({
          write: 'insert',
          row: {
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
          },
        });
        return { outcome: 'suppressed', writes };
      }
      // events may arrive out of time order (an old mbox after newer files)
      const lastEventAt = active.last_event_at > ev.at ? active.last_event_at : ev.at;
      const firstEventAt = active.first_event_at < effect.firstEventAt ? active.first_event_at : effect.firstEventAt;
      if (active.type === 'soft' && effect.type !== 'soft') {
        writes.push({
          write: 'update',
          id: active.id,
          patch: {
            type: effect.type,
            reason: effect.reason,
            bounce_id: ev.bounceId,
            expires_at: null,
            first_event_at: firstEventAt,
            last_event_at: lastEventAt,
            event_count: active.event_count + 1,
          },
        });
        return { outcome: 'upgraded', writes };
      }
      const expiresAt =
        active.type === 'soft' && effect.expiresAt && active.expires_at && effect.expiresAt > active.expires_at ? effect.expiresAt : active.expires_at;
      writes.push({
        write: 'update',
        id: active.id,
        patch: { first_event_at: firstEventAt, last_event_at: lastEventAt, event_count: active.event_count + 1, expires_at: expiresAt },
      });
      return { outcome: 'touched', writes };
    }
  }
}

/** A person's action as the manual log keeps it. */
export interface ManualAction {
  address: string;
  action: 'suppress' | 'unsuppress';
  text: string | null;
  at: string;
}

export type ManualPlan =
  | { action: 'unsuppress'; lifted: number; writes: PolicyWrite[] }
  | {
      action: 'suppress';
      outcome: 'suppressed' | 'upgraded' | 'already';
      /** the suppression as it will be (an inserted one without its id, which the writer gives) */
      suppression: Omit<SuppressionRow, 'id'> & { id?: number };
      writes: PolicyWrite[];
    };

/** `actives`: every active suppression of the address at the action's time, oldest first. */
export function planManual(action: ManualAction, domain: string, actives: readonly SuppressionRow[], soft: SoftState | null): ManualPlan {
  const at = action.at;
  if (action.action === 'unsuppress') {
    const writes: PolicyWrite[] = actives.map((s) => ({ write: 'update', id: s.id, patch: { lifted_at: at, note: action.text } }));
    // the address starts afresh: earlier soft bounces no longer count
    if (soft) writes.push({ write: 'soft', address: action.address, soft: { ...soft, events: [], total: 0, clearedAt: at } });
    return { action: 'unsuppress', lifted: actives.length, writes };
  }
  const reason = action.text ?? 'manual';
  const active = actives[actives.length - 1];
  if (active && active.type !== 'soft') return { action: 'suppress', outcome: 'already', suppression: active, writes: [] };
  if (active) {
    const patch = { type: 'manual' as const, reason, expires_at: null, note: null };
    return { action: 'suppress', outcome: 'upgraded', suppression: { ...active, ...patch }, writes: [{ write: 'update', id: active.id, patch }] };
  }
  const row = {
    address: action.address,
    domain,
    type: 'manual' as const,
    reason,
    suppressed_at: at,
    first_event_at: at,
    last_event_at: at,
    event_count: 1,
    bounce_id: null,
    expires_at: null,
    lifted_at: null,
    note: null,
  };
  return { action: 'suppress', outcome: 'suppressed', suppression: row, writes: [{ write: 'insert', row }] };
}
