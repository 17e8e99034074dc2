// Zoho Mail (mailer-daemon@mail.zoho.com, X-ZohoMail): "This message was created automatically by
// mail delivery software." then one line a recipient, "a@b Invalid Address, ERROR_CODE :550,
// ERROR_CODE :5.1.1 <a@b>... User Unknown", and the returned message's headers inline, with no
// marker before them.
import { textDecoder } from '../text-format.js';
import { allOf, anyOf, fromMatches, hasHeader, headerMatches, textMatches } from '../detect.js';
import { ORIGINAL_MARKERS } from '../markers.js';

export const zoho = textDecoder({
  name: 'zoho',
  detect: allOf(
    anyOf(fromMatches(/@(?:[\w-]+\.)*zoho(?:mail)?\.(?:com|eu|in|com\.au|jp|com\.cn)\b/i), hasHeader('x-zohomail'), headerMatches('x-mailer', /^\s*Zoho Mail\b/i)),
    textMatches(/\bERROR_CODE\s*:|This message was created automatically by mail delivery software/),
  ),
  begin: [/^A message that you sent could not be delivered/m],
  end: [/^Received:\s*from \S+ by /m, /^Message-ID:\s*</im, ...ORIGINAL_MARKERS],
  // the address and Zoho's words on one line, or (versions without the error-code line) the
  // address alone with the reason on the lines below it
  recipient: [/^([^\s<>@]+@[^\s<>@]+)\s+(?<rest>\S.*)$/, /^\s*<?([^\s<>@]+@[^\s<>@]+?)>?\s*$/],
  blankEnds: true,
  // "ERROR_CODE :550, ERROR_CODE :5.1.1 text" is the reply "550 5.1.1 text"
  rewrite: [
    [/^.*?\bERROR_CODE\s*:\s*(\d{3})\s*,\s*ERROR_CODE\s*:\s*(?:,\s*)?/, '$1 '],
  ],
  // Zoho's own sentence when the remote host could not be reached at all
  reasons: [[/\bHost not reachable\b/i, 'expired']],
});
