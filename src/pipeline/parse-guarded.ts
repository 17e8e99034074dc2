// The parser behind a guard: parseBounce promises never to throw; if it ever does, the message is
// kept and marked failed rather than lost. A stored input's format routes it: a mail message
// (format null) to the mail parser, a sending service's event to that service's decoder, which the
// caller hands in: a parse thread loads the decoders (and zod, which they check events with) only
// when its first event comes, as most threads never see one.
import { parseBounce } from '../parse-and-classify.js';
import type { BounceReport } from '../parse/types.js';
import type { EventFacts } from '../parse/events/types.js';
import type { Classifier } from '../classify/classifier.js';

export type Parsed = { report: BounceReport; threw: null } | { report: null; threw: string };

/** src/events/classify-event.ts's classifyEvent */
export type ClassifyEvent = (format: string, raw: Uint8Array, classifier: Classifier, known?: EventFacts | null) => BounceReport;

/** `known`: an event's facts read while its body was split (SplitEvent.facts), so its bytes are not read again. */
export function parseGuarded(raw: Uint8Array, classifier: Classifier, format: string | null, classifyEvent: ClassifyEvent, known?: EventFacts | null): Parsed {
  try {
    return { report: format === null ? parseBounce(raw, classifier) : classifyEvent(format, raw, classifier, known), threw: null };
  } catch (err) {
    return { report: null, threw: `parser threw: ${(err as Error).message}` };
  }
}
