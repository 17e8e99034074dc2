// GMX and mail.com (1&1 / United Internet): an Exim-like text, each recipient in quotes,
// '"rcpt":' then "SMTP error from remote server after RCPT command:", "host: mx.example.org" and
// the reply; "--- The header of the original message is following. ---".
import { textDecoder } from '../text-format.js';
import { allOf, anyOf, fromMatches, hasHeader, textMatches } from '../detect.js';
import { ORIGINAL_MARKERS } from '../markers.js';

export const gmx = textDecoder({
  name: 'gmx',
  detect: allOf(
    anyOf(fromMatches(/@(?:[\w-]+\.)*(?:gmx\.(?:net|de|at|ch|com|fr|es|co\.uk)|mail\.com)\b/i), hasHeader('x-gmx-antispam'), hasHeader('x-ui-out-filterresults')),
    textMatches(/This\s+message\s+was\s+created\s+automatically\s+by\s+mail\s+delivery\s+software/),
  ),
  begin: [/^A\s+message\s+that\s+you\s+sent\s+could\s+not\s+be\s+delivered/m],
  end: [/^-{2,} ?The header of the original message is following\. ?-{2,}/m, ...ORIGINAL_MARKERS],
  recipient: [/^"([^"\s<>@]+@[^"\s<>@]+)":\s*(?<rest>.*)$/, /^ {0,2}<?([^\s<>":@]+@[^\s<>":@]+?)>?:\s*$/],
  diagnostic: [/SMTP error from remote server (?:after|for) [^\n]*\n\s*host:\s*\S+\s*\n([\s\S]+)/i],
  delayed: /This is a temporary error|has not yet been delivered/,
  reasons: [
    [/retry timeout exceeded|retry time not reached for any host/i, 'expired'],
    [/Unrouteable address|unrouteable mail domain|no such domain/i, 'hostunknown'],
  ],
});
