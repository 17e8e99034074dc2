// Mimecast: "An email that you attempted to send to the following address could not be
// delivered: -- a@b", then "The problem appears to be : -- <Mimecast's verdict>" and
// "Additional information follows : -- <the server's reply>".
import { textDecoder } from '../text-format.js';
import { allOf, anyOf, hasHeader, textMatches } from '../detect.js';

export const mimecast = textDecoder({
  name: 'mimecast',
  detect: anyOf(
    textMatches(/An email that you attempted to send to the following address(?:es)? could not be delivered:/),
    allOf(hasHeader('x-mimecast-originator'), textMatches(/The problem appears to be\s*:/)),
  ),
  begin: [/^An email that you attempted to send to the following address(?:es)? could not be delivered:/m],
  end: [/^This condition occurred after \d+ attempt/m, /^If you sent the email to multiple recipients/m],
  recipient: [/^-- <?([^\s<>@]+@[^\s<>@]+?)>?\s*$/],
  diagnostic: [/Additional information follows\s*:\s*\n\s*-- ([^\n]+)/, /The problem appears to be\s*:\s*\n\s*-- ([^\n]+)/],
  reasons: [
    // Mimecast's own verdicts
    [/-- Recipient email address is possibly incorrect/i, 'userunknown'],
  ],
});
