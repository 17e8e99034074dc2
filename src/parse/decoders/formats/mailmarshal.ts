// Trustwave (Marshal) MailMarshal SMTP: "Your message: From: ... Subject: ..." / "Could not be
// delivered because of" and the reply, then "The following recipients were affected:" with one
// indented address a line, and "Additional Information" (Sender-MTA, Remote-MTA, ...).
import { textDecoder } from '../text-format.js';
import { allOf, textMatches } from '../detect.js';

export const mailmarshal = textDecoder({
  name: 'mailmarshal',
  detect: allOf(textMatches(/^Could not be delivered because of\s*$/m), textMatches(/^The following recipients were affected:/m)),
  begin: [/^Could not be delivered because of\s*$/m],
  end: [/^Additional Information\s*$/m, /^=+\s*$/m],
  recipient: [/^\s+<?([^\s<>@]+@[^\s<>@]+?)>?\s*$/],
  skip: [/^The following recipients were affected:/],
  blankEnds: true,
  // the reply above the list is about every recipient in it
  preamble: true,
});
