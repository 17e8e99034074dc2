// A classifier is a value: built from a rule set (the built-in rules and a user's), applied to the
// facts the parser read. The parser never calls it; `parseBounce` (src/parse-and-classify.ts)
// applies one after parsing.
import { createHash } from 'node:crypto';
import { classifyWith, type Classification, type ClassifyInput } from './classify.js';
import { ruleBook } from './rule-book.js';
import { NO_USER_RULES, type UserRules } from './user-rules.js';
import { REASON_RULES } from './reasons/index.js';
import { PROVIDERS } from './providers/index.js';
import { ORDER } from './order.js';

export interface Classifier {
  /** a reason, a bounce type and the rule that decided, for one recipient's facts */
  classify(input: ClassifyInput): Classification;
  /** a hash of the effective rules (built-in and user): it changes whenever what they decide may */
  readonly fingerprint: string;
  readonly user: UserRules;
}

// regular expressions as their source, so that the hash follows the rules' text
const asData = (_key: string, v: unknown) => (v instanceof RegExp ? `/${v.source}/${v.flags}` : v);
const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value, asData)).digest('hex');
let builtinHash: string | undefined;

export function createClassifier(user: UserRules = NO_USER_RULES, options: { providerTables?: boolean } = {}): Classifier {
  const book = ruleBook(user, options);
  let fingerprint: string | undefined;
  return {
    classify: (input) => classifyWith(book, input),
    // computed when first asked (a process that only parses never needs it)
    get fingerprint() {
      builtinHash ??= hash({ REASON_RULES, PROVIDERS, ORDER });
      return (fingerprint ??= hash([builtinHash, user]).slice(0, 12));
    },
    user,
  };
}

/** The built-in rules alone. */
export const BUILTIN_CLASSIFIER: Classifier = createClassifier();

/** The built-in rules without the provider tables: with the parser's generic-only mode, what a
 * report from a format and a provider never seen gets (the accuracy bench's --generic-only). */
export const GENERIC_CLASSIFIER: Classifier = createClassifier(NO_USER_RULES, { providerTables: false });

/** Classify with the built-in rules (a shorthand for `BUILTIN_CLASSIFIER.classify`). */
export function classify(input: ClassifyInput): Classification {
  return BUILTIN_CLASSIFIER.classify(input);
}
