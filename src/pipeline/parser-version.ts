// The version stamped on a parsed message: the parser's, and a hash of the rules that classified it
// (built-in and the rule files'), so that a plain `rebound reparse` re-reads what an older parser or
// another rule set decided.
import { PARSER_VERSION } from '../parse/version.js';
import type { Classifier } from '../classify/classifier.js';

export function parserVersion(classifier: Classifier): string {
  return `${PARSER_VERSION}+${classifier.fingerprint}`;
}
