// The suppression policy as a pure function: one event (a stored per-recipient record) and the
// address's current state in, one effect out. Time is the event's own time, so replaying the
// same events gives the same state. Rules (README "Suppression policy"):
//   auto-replies never count; complaints suppress when their Feedback-Type is one of the
//   configured types; a delivered report clears the soft state; a hard failure suppresses at once;
//   a soft failure counts only when its reason is about the address, and suppresses (with an
//   expiry) once it persists; sender- and message-level reasons are counted per domain instead.
import type { PolicyConfig } from './config.js';
import type { SuppressionType } from '../store/schema.js';

export interface PolicyEvent {
  kind: string;
  action: string | null;
  type: string | null;
  reason: string;
  feedbackType: string | null;
  /** ISO time of the event */
  at: string;
}

export interface SoftState {
  /** counted soft-bounce times inside the window, sorted */
  events: string[];
  total: number;
  lastReason: string | null;
  lastEventAt: string | null;
  clearedAt: string | null;
}

export type Effect =
  | { effect: 'ignore'; why: string }
  | { effect: 'sender'; why: string }
  | {
      effect: 'suppress';
      type: Exclude<SuppressionType, 'manual'>;
      reason: string;
      firstEventAt: string;
      /** how many events led to it */
      events: number;
      expiresAt: string | null;
      soft?: SoftState;
    }
  | { effect: 'count-soft'; soft: SoftState }
  | { effect: 'clear-soft'; soft: SoftState; liftSoft: boolean };

const DAY_MS = 86_400_000;

export const EMPTY_SOFT: SoftState = { events: [], total: 0, lastReason: null, lastEventAt: null, clearedAt: null };

export function decide(ev: PolicyEvent, soft: SoftState | null, cfg: PolicyConfig): Effect {
  if (ev.kind === 'auto-reply' || ev.reason === 'vacation') return { effect: 'ignore', why: 'auto-reply' };

  if (ev.kind === 'complaint') {
    const ft = (ev.feedbackType ?? cfg.complaint.missingFeedbackType).toLowerCase();
    if (!cfg.complaint.suppressFeedbackTypes.includes(ft)) return { effect: 'ignore', why: `complaint type ${ft}` };
    return { effect: 'suppress', type: 'complaint', reason: ft, firstEventAt: ev.at, events: 1, expiresAt: null };
  }
  if (ev.reason === 'feedback') return { effect: 'ignore', why: 'feedback outside a complaint' };

  if (ev.action === 'delivered' || ev.action === 'relayed' || ev.action === 'expanded' || ev.reason === 'delivered') {
    const state = soft ?? EMPTY_SOFT;
    return {
      effect: 'clear-soft',
      soft: { ...state, events: [], total: 0, clearedAt: later(state.clearedAt, ev.at) },
      liftSoft: cfg.deliveredLiftsSoft,
    };
  }

  const failed = ev.action === 'failed' || ev.action === null;
  if (ev.type === 'hard' && failed) {
    if (!cfg.hard.suppress) return { effect: 'ignore', why: 'hard bounces do not suppress (configured)' };
    return { effect: 'suppress', type: 'hard', reason: ev.reason, firstEventAt: ev.at, events: 1, expiresAt: null };
  }

  if (cfg.senderReasons.includes(ev.reason as never)) return { effect: 'sender', why: ev.reason };
  if (ev.type !== 'soft') return { effect: 'ignore', why: `no bounce type (${ev.reason})` };
  if (ev.action === 'delayed' && !cfg.soft.countDelays) return { effect: 'ignore', why: 'delayed, still being retried' };
  if (!cfg.soft.reasons.includes(ev.reason as never)) return { effect: 'ignore', why: `soft reason ${ev.reason} does not count` };

  const state = soft ?? EMPTY_SOFT;
  // a bounce from before the state was last cleared (by a delivery) is history, not news
  if (state.clearedAt && ev.at <= state.clearedAt) return { effect: 'ignore', why: 'older than the last delivery' };
  const at = Date.parse(ev.at);
  const windowMs = cfg.soft.windowDays * DAY_MS;
  const all = [...state.events, ev.at].sort();
  const newest = all[all.length - 1]!;
  const kept = all.filter((t) => Date.parse(t) > Date.parse(newest) - windowMs);
  const next: SoftState = {
    events: kept,
    total: state.total + 1,
    lastReason: ev.reason,
    lastEventAt: later(state.lastEventAt, ev.at),
    clearedAt: state.clearedAt,
  };
  // the windows that hold this bounce, ending at it or at a later one (events may come out of order)
  for (const end of kept.filter((t) => t >= ev.at && Date.parse(t) - windowMs < at).reverse()) {
    const inWindow = kept.filter((t) => Date.parse(t) > Date.parse(end) - windowMs && t <= end);
    const days = new Set(inWindow.map((t) => t.slice(0, 10))).size;
    if (inWindow.length >= cfg.soft.minBounces && days >= cfg.soft.minDays) {
      return {
        effect: 'suppress',
        type: 'soft',
        reason: ev.reason,
        firstEventAt: inWindow[0]!,
        events: inWindow.length,
        expiresAt: new Date(Date.parse(end) + cfg.soft.expiryDays * DAY_MS).toISOString(),
        soft: next,
      };
    }
  }
  return { effect: 'count-soft', soft: next };
}

function later(a: string | null, b: string): string {
  return a && a > b ? a : b;
}
