// Parse, then classify: the parser reads the facts of a report (src/parse), a classifier built from
// a rule set gives each recipient its reason and bounce type (src/classify). The two steps never
// import each other; this module joins them.
import { readBounce } from './parse/parse-bounce.js';
import type { BounceReport, ParsedReport, ParseOptions, RecipientFacts, RecipientReport } from './parse/types.js';
import { BUILTIN_CLASSIFIER, GENERIC_CLASSIFIER, type Classifier } from './classify/classifier.js';

/** Raw bytes to a report, with the built-in rules or the classifier given. Never throws. With
 * `{ decoders: 'generic-only' }` every named decoder is off, and the built-in classifier goes
 * without its provider tables. */
export function parseBounce(raw: Uint8Array | string, classifier: Classifier = BUILTIN_CLASSIFIER, options: ParseOptions = {}): BounceReport {
  const generic = options.decoders === 'generic-only' && classifier === BUILTIN_CLASSIFIER;
  return classifyReport(readBounce(raw, options), generic ? GENERIC_CLASSIFIER : classifier);
}

/** The parser's facts with each recipient's reason, bounce type and deciding rule. */
export function classifyReport(parsed: ParsedReport, classifier: Classifier): BounceReport {
  return { ...parsed, recipients: parsed.recipients.map((r) => classifyRecipient(r, parsed.format, classifier)) };
}

function classifyRecipient(r: RecipientFacts, format: string | null, classifier: Classifier): RecipientReport {
  // the facts the rules read, in one shape (a spread copy takes the shape of whatever it copies,
  // and the classifier's reads of it turn slow when they see many)
  const c = classifier.classify({
    status: r.status,
    smtpCode: r.smtpCode,
    diagnostic: r.diagnostic,
    action: r.action,
    command: r.command,
    remoteMta: r.remoteMta,
    address: r.address,
    hint: r.hint,
    format,
    diagnosticType: r.diagnosticType,
  });
  return {
    address: r.address,
    alias: r.alias,
    action: r.action,
    status: r.status,
    smtpCode: r.smtpCode,
    type: c.type,
    reason: c.reason,
    remoteMta: r.remoteMta,
    diagnostic: r.diagnostic,
    command: r.command,
    rule: c.rule,
  };
}
