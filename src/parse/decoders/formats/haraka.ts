// Haraka: "Hi. This is the Haraka Mailer program at HOST." then "Intended Recipients: <a@b>, <c@d>"
// and "Failure Reason: ..." for all of them, beside a status part. When Haraka gives up after its
// retries it says "Too many failures (last error)" and labels the status 5.1.2 whatever the last
// error was: that is the end of the queue lifetime (expired), not a domain that does not exist.
import type { Reason } from '../../types.js';
import { cleanAddress, oneLine } from '../../text-tools.js';
import { anyOf, headerMatches, textMatches } from '../detect.js';
import type { Decoder } from '../types.js';

const RECIPIENTS = /^Intended Recipients:[ \t]*(.+(?:\n[ \t]+.+)*)/m;
const FAILURE = /^Failure Reason:[ \t]*(.+(?:\n[ \t]+.+)*)/m;
const REASONS: Array<[RegExp, Reason]> = [[/\bToo many failures\b/i, 'expired']];

export const haraka: Decoder = {
  name: 'haraka',
  detect: anyOf(textMatches(/This is the Haraka Mailer program at /), headerMatches('received', /\(Haraka (?:outbound|\d+ invoked for bounce)\)/)),
  decode({ m }) {
    const list = RECIPIENTS.exec(m.text)?.[1];
    if (!list) return null;
    const failure = FAILURE.exec(m.text)?.[1];
    const diagnostic = failure ? oneLine(failure).replace(/^Error:\s*/, '') : null;
    const reason = REASONS.find(([re]) => diagnostic && re.test(diagnostic))?.[1] ?? null;
    const addresses = oneLine(list)
      .split(',')
      .map((a) => cleanAddress(a))
      .filter((a): a is string => !!a);
    return { recipients: addresses.map((address) => ({ address, action: 'failed', diagnostic, reason })) };
  },
};
