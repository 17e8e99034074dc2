// McAfee Email Gateway / Email and Web Security: "--- The following addresses had delivery
// problems ---" and "<a@b>   (550 5.1.1 ... reply)"; a status part with Original-Recipient only.
import { textDecoder } from '../text-format.js';
import { anyOf, headerMatches, textMatches } from '../detect.js';

export const mcafee = textDecoder({
  name: 'mcafee',
  detect: anyOf(
    headerMatches('x-nai-header', /McAfee/i),
    // three dashes each side: Sendmail's own line has five
    textMatches(/(?:^|[^-])--- The following addresses had delivery problems ---(?!-)/),
  ),
  begin: [/^\s*--- The following addresses had delivery problems ---\s*$/m],
  recipient: [/^<([^>\s@]+@[^>\s@]+)>\s+\((?<rest>.*)\)\s*$/, /^<([^>\s@]+@[^>\s@]+)>\s*(?<rest>.*)$/],
  blankEnds: true,
});
