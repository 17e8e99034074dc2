// A classifier is a value: built from a rule set, applied to the facts the parser read. The parser
// never calls it; `parseBounce` (src/parse-and-classify.ts) applies one after parsing.
import { classify, type Classification, type ClassifyInput } from './classify.js';

export interface Classifier {
  /** a reason, a bounce type and the rule that decided, for one recipient's facts */
  classify(input: ClassifyInput): Classification;
}

export function createClassifier(): Classifier {
  return { classify };
}

/** The built-in rules alone. */
export const BUILTIN_CLASSIFIER: Classifier = createClassifier();
