// The parser behind a guard: parseBounce promises never to throw; if it ever does, the message is
// kept and marked failed rather than lost. A stored input's format routes it: a mail message
// (format null) to the mail parser, a sending service's event to that service's decoder, which the
// caller hands in: a parse thread loads the decoders (and zod, which they check events with) only
// when its first event comes, as most threads never see one.
import { parseBounce } from '../parse-and-classify.js';
import type { BounceReport } from '../parse/types.js';
import type { EventFacts } from '../parse/events/types.js';
import type { Classifier } from '../classify/classifier.js';
import { parserVersion } from './parser-version.js';

export type Parsed = ({ report: BounceReport; threw: null } | { report: null; threw: string }) & {
  /**
   * the parser and the rules that read it (parser-version.ts), stamped on the stored message: a parse
   * thread may have read it with the rules before a reload while the writer already has the new ones,
   * and `rebound reparse` must see it as read by the old (absent: the writer's rules)
   */
  version?: string;
};

/** src/events/classify-event.ts's classifyEvent */
export type ClassifyEvent = (format: string, raw: Uint8Array, classifier: Classifier, known?: EventFacts | null) => BounceReport;

/** `known`: an event's facts read while its body was split (SplitEvent.facts), so its bytes are not read again. */
export function parseGuarded(raw: Uint8Array, classifier: Classifier, format: string | null, classifyEvent: ClassifyEvent, known?: EventFacts | null): Parsed {
  const version = parserVersion(classifier);
  try {
    return { report: format === null ? parseBounce(raw, classifier) : classifyEvent(format, raw, classifier, known), threw: null, version };
  } catch (err) {
    return { report: null, threw: `parser threw: ${(err as Error).message}`, version };
  }
}
