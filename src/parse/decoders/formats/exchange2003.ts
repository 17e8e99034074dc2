// Exchange 2000/2003 and the old Internet Mail Service: "Your message ... did not reach the
// following recipient(s): addr on date" followed by the reason and an MSEXCH code.
import type { Reason } from '../../types.js';
import { textDecoder } from '../text-format.js';
import { anyOf, headerMatches, textMatches } from '../detect.js';

// Exchange's own hexadecimal codes: the last 8 hex digits of the MSEXCH line.
const CODES: Array<[RegExp, Reason]> = [
  [/\(000C05A6\)/, 'userunknown'],
  [/\(000C0595\)/, 'userunknown'],
  [/\(00010256\)|\(000D06B5\)/, 'emailtoolarge'],
  [/\(000B09AA\)|\(000B099C\)|\(000B09B6\)/, 'onhold'],
  [/\(00010255\)|\(00010257\)|\(00010258\)/, 'systemerror'],
];

export const exchange2003 = textDecoder({
  name: 'exchange2003',
  detect: anyOf(
    headerMatches('x-mailer', /Internet Mail Service|Microsoft Exchange Server Internet Mail Connector/i),
    headerMatches('x-ms-embedded-report', /./),
    textMatches(/did not reach the following recipient\(s\):|^Your message\s*$/m),
  ),
  begin: [/did not reach the following recipient\(s\):/],
  recipient: [/^\s*([^\s<>@]+@[^\s<>@]+) on .+$/],
  reasons: [...CODES, [/The recipient name is not recognized|Unknown Recipient/i, 'userunknown']],
});
