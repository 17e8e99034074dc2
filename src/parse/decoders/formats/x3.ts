// An unnamed MTA's boxed report: "This is an automatically generated Delivery Status
// Notification.", "Delivery to the following recipients failed permanently:" with "* a@b" lines,
// then "Technical details:" with the session's last words ("SMTP:RCPT host 192.0.2.1: 553 ...").
// Some versions misspell "Delevery".
import { textDecoder } from '../text-format.js';
import { allOf, textMatches } from '../detect.js';

export const x3 = textDecoder({
  name: 'x3',
  detect: allOf(
    textMatches(/This\s+is\s+an\s+automatically\s+generated\s+Delivery\s+Status\s+Notification\./),
    textMatches(/very\s+to\s+the\s+following\s+recipients\s+(?:failed\s+permanently|was\s+aborted)/),
  ),
  begin: [/^De(?:li|le)very\s+to\s+the\s+following\s+recipients\s+(?:failed|was\s+aborted|has\s+been\s+delayed)[^\n]*$/m],
  recipient: [/^\s*\*\s+<?([^\s<>@]+@[^\s<>@]+?)>?\s*$/],
  skip: [/^\s*={5,}\s*$/, /^\s*Technical details:\s*$/],
  delayed: /^De(?:li|le)very to the following recipients has been delayed/m,
});
