// The parser behind a guard: parseBounce promises never to throw; if it ever does, the message is
// kept and marked failed rather than lost.
import { parseBounce } from '../parse-and-classify.js';
import type { BounceReport } from '../parse/types.js';
import type { Classifier } from '../classify/classifier.js';

export type Parsed = { report: BounceReport; threw: null } | { report: null; threw: string };

export function safeParse(raw: Uint8Array, classifier: Classifier): Parsed {
  try {
    return { report: parseBounce(raw, classifier), threw: null };
  } catch (err) {
    return { report: null, threw: `parser threw: ${(err as Error).message}` };
  }
}
