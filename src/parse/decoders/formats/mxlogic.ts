// McAfee MX Logic (mxl_mta): an Exim-like report, "A message that you have sent could not be
// delivered to one or more recipients.", "  <rcpt>: 550 5.1.1 ...", then "Included is a copy of
// the message header:" and a line of dashes.
import { textDecoder } from '../text-format.js';
import { anyOf, fromMatches, hasHeader, headerMatches } from '../detect.js';
import { ORIGINAL_MARKERS } from '../markers.js';

export const mxlogic = textDecoder({
  name: 'mxlogic',
  detect: anyOf(hasHeader('x-mx-bounce'), hasHeader('x-mxl-notehash'), fromMatches(/@(?:[\w-]+\.)*mxlogic\.net\b/i), headerMatches('received', /\(mxl_mta-[\d.-]+\)/)),
  begin: [/^A message that you (?:have )?sent could not be delivered/m],
  end: [/^Included is a copy of the message header:\s*$/m, ...ORIGINAL_MARKERS],
  recipient: [/^\s*<([^<>\s@]+@[^<>\s@]+)>:?\s*(?<rest>.*)$/, /^ {1,2}([^\s<>:()@]+@[^\s<>:()@]+):?\s*(?<rest>.*)$/],
  blankEnds: true,
  delayed: /has not yet been delivered|This is a temporary error/,
  reasons: [
    [/retry timeout exceeded|retry time not reached for any host/i, 'expired'],
    [/Unrouteable address|unrouteable mail domain/i, 'hostunknown'],
  ],
});
