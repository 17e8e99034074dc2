// The parser behind a guard: parseBounce promises never to throw; if it ever does, the message is
// kept and marked failed rather than lost. A stored input's format routes it: a mail message
// (format null) to the mail parser, a sending service's event to that service's decoder.
import { parseBounce } from '../parse-and-classify.js';
import { classifyEvent } from '../events/classify-event.js';
import type { BounceReport } from '../parse/types.js';
import type { EventFacts } from '../parse/events/types.js';
import type { Classifier } from '../classify/classifier.js';

export type Parsed = { report: BounceReport; threw: null } | { report: null; threw: string };

/** `known`: an event's facts read while its body was split (SplitEvent.facts), so its bytes are not read again. */
export function safeParse(raw: Uint8Array, classifier: Classifier, format: string | null = null, known?: EventFacts | null): Parsed {
  try {
    return { report: format === null ? parseBounce(raw, classifier) : classifyEvent(format, raw, classifier, known), threw: null };
  } catch (err) {
    return { report: null, threw: `parser threw: ${(err as Error).message}` };
  }
}
