// SurfControl E-mail Filter: "Your message could not be sent. A transcript of the attempts to send
// the message follows.", "Addressed To: a@b", then "a@b: [192.0.2.1], 554 ...".
import { textDecoder } from '../text-format.js';
import { anyOf, hasHeader, headerMatches, textMatches } from '../detect.js';

export const surfcontrol = textDecoder({
  name: 'surfcontrol',
  detect: anyOf(
    headerMatches('x-mailer', /SurfControl/i),
    hasHeader('x-sef-processed'),
    textMatches(/A transcript of the attempts to send the message follows\./),
  ),
  recipient: [/^Addressed To:\s*<?([^\s<>@]+@[^\s<>@]+?)>?\s*$/],
  diagnostic: [/^[^\s<>@]+@[^\s<>@]+:\s*\[[^\]]*\],\s*([^\n]+)/m],
  skip: [/^-{3} Message non-deliverable\.?\s*$/],
});
