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
    classify: memoised((input) => classifyWith(book, input)),
    // computed when first asked (a process that only parses never needs it)
    get fingerprint() {
      builtinHash ??= hash({ REASON_RULES, PROVIDERS, ORDER });
      return (fingerprint ??= hash([builtinHash, user]).slice(0, 12));
    },
    user,
  };
}

/** One fact of a memo key, self-delimiting (a string by its length), so that no two different
 * sets of facts make the same key; cheaper than JSON, which escapes the text character by character. */
const part = (v: string | number | null | undefined): string =>
  v === null || v === undefined ? '-' : typeof v === 'number' ? `#${v};` : `${v.length}:${v}`;

/** Entries kept before the memo starts over, and the longest diagnostic worth a key. */
const MEMO_ENTRIES = 4096;
const MEMO_TEXT = 2048;

/**
 * Identical facts, identical answer: a bounce run repeats the same diagnostics (one provider's
 * refusal for many recipients), and the reason's phrases need not be matched again. The key holds
 * every fact the rules read; of the address only its domain (providers and user rules are chosen
 * by it). The memo is bounded: it starts over when full, and long diagnostics are not kept.
 */
function memoised(classify: (input: ClassifyInput) => Classification): (input: ClassifyInput) => Classification {
  const memo = new Map<string, Classification>();
  return (input) => {
    if ((input.diagnostic?.length ?? 0) > MEMO_TEXT) return classify(input);
    const address = input.address ?? '';
    const key =
      part(input.status) + part(input.smtpCode) + part(input.action) + part(input.command) + part(input.remoteMta) +
      part(address.slice(address.lastIndexOf('@') + 1).toLowerCase()) + part(input.hint) + part(input.format) +
      part(input.diagnosticType) + part(input.diagnostic);
    let c = memo.get(key);
    if (!c) {
      if (memo.size >= MEMO_ENTRIES) memo.clear();
      memo.set(key, (c = classify(input)));
    }
    return { ...c };
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
