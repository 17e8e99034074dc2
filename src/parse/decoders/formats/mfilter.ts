// m-FILTER (Digital Arts) and mail hubs that copy its layout: a Japanese notice, the failed
// addresses one per line, then "-------server message" with the remote reply and "-------SMTP
// command" with the command it answered, then "-------original message" (or "original mail info").
import { textDecoder } from '../text-format.js';
import { allOf, anyOf, headerMatches, textMatches } from '../detect.js';

export const mfilter = textDecoder({
  name: 'mfilter',
  detect: anyOf(
    headerMatches('x-mailer', /^m-FILTER/i),
    allOf(textMatches(/-----server message/), textMatches(/-----SMTP command/)),
  ),
  end: [/^-{5,}original (?:message|mail info)\s*$/m],
  recipient: [/^\s*<?([^\s<>@]+@[^\s<>@]+?)>?\s*$/],
  diagnostic: [/^-{5,}server message\s*\n([\s\S]*?)(?:\n\s*-{5,}|$)/m],
});
