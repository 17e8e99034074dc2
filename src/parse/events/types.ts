// What an event decoder gives: the facts a sending service reported about one event, in the shape
// the mail parser's decoders give (recipients with status, code and the server's words), plus the
// service's own verdict as data: `verdict` when its code names the outcome outright (an address on
// its suppression list), `fallback` when it only says as much as "permanent" and the server's
// words, read by Rebound's classifier, should decide first.
import type { BounceType, Reason, ReportKind } from '../types.js';
import type { DecodedRecipient } from '../decoders/types.js';

/** A payload that is not what the service documents; `field` names the first wrong one. */
export class EventFormatError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export interface Verdict {
  reason: Reason;
  /** null: recorded, but not a bounce the policy acts on */
  type: BounceType | null;
}

export interface EventRecipient extends DecodedRecipient {
  /** the service's code names the outcome: the classifier is not asked */
  verdict?: Verdict;
  /** what the service's code implies when the classifier finds nothing in the words */
  fallback?: Verdict;
}

export type ReportKindOfEvent = Exclude<ReportKind, 'not-bounce' | 'delivery-report'>;

export interface EventFacts {
  kind: ReportKindOfEvent;
  /** the service's name, reported as the format: `ses`, `sendgrid`, ... */
  provider: string;
  /** the host that reported it (the service's MTA), when the event says */
  reportingMta: string | null;
  /** when the event happened (ISO 8601), when the event says */
  at: string | null;
  /** the Message-ID (or the service's message id) of the message it is about, for correlation */
  originalMessageId: string | null;
  /** a complaint's feedback type (`abuse`, ...) */
  feedbackType?: string | null;
  recipients: EventRecipient[];
}

/** One event cut out of a request body, with the service's id for it (unique per service). */
export interface SplitEvent {
  id: string;
  /** the event's own bytes (the body, or its element of a batch) */
  raw: string;
  /**
   * its facts, when the decoder read them while cutting the body: what `facts(raw)` gives, without
   * reading the bytes a second time (null: a kind not kept, as from `facts`)
   */
  facts?: EventFacts | null;
}

export interface EventBody {
  events: SplitEvent[];
  /** events of kinds Rebound does not keep (opens, clicks, deliveries, ...) */
  ignored: number;
  /** unsubscribes, when the service sends them (kept and acted on only when configured) */
  unsubscribes?: Array<SplitEvent & { email: string; at: string | null }>;
}

/** One sending service's payloads: a request body to events, an event to its facts. Pure. */
export interface EventDecoder {
  name: string;
  /** throws EventFormatError for a body that is not the documented shape */
  split(body: string, headerId: string | null): EventBody;
  /** null: an event of a kind not kept; throws EventFormatError when malformed */
  facts(raw: string): EventFacts | null;
}
