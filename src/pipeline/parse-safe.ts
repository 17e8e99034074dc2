// parse-guarded.ts with the event decoders loaded: what a thread that has them anyway calls.
import { classifyEvent } from '../events/classify-event.js';
import type { EventFacts } from '../parse/events/types.js';
import type { Classifier } from '../classify/classifier.js';
import { type Parsed, parseGuarded } from './parse-guarded.js';

export type { Parsed };

/** `known`: an event's facts read while its body was split (SplitEvent.facts), so its bytes are not read again. */
export function safeParse(raw: Uint8Array, classifier: Classifier, format: string | null = null, known?: EventFacts | null): Parsed {
  return parseGuarded(raw, classifier, format, classifyEvent, known);
}
