// What the policy is told of a stored record, and what it answered, counted: the same for every
// writer (the SQLite pipeline, the PostgreSQL adapter, the replay of an address's history). Pure.
import type { AddressEvent, Outcome } from './plan.js';

/** The fields of a record (new or stored) the policy reads. */
export interface RecordForPolicy {
  recipient: string;
  domain: string;
  kind: string;
  action?: string | null;
  type?: string | null;
  reason: string;
  feedback_type?: string | null;
}

/** The policy's event for a record: `bounceId` its row, `at` when it happened (the message's receipt). */
export function addressEventOf(r: RecordForPolicy, bounceId: number, at: string): AddressEvent {
  return {
    address: r.recipient,
    domain: r.domain,
    bounceId,
    kind: r.kind,
    action: r.action ?? null,
    type: r.type ?? null,
    reason: r.reason,
    feedbackType: r.feedback_type ?? null,
    at,
  };
}

/** Count a record's outcome; an address it suppressed (new, or made permanent) is listed. */
export function tallyOutcome(outcomes: Partial<Record<Outcome, number>>, suppressed: string[], recipient: string, outcome: Outcome): void {
  outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  if (outcome === 'suppressed' || outcome === 'upgraded') suppressed.push(recipient);
}
