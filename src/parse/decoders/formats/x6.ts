// An unnamed MTA: "We had trouble delivering your message. Full details follow:" and for each
// failure "The following recipients returned permanent errors: a@b. Reason: SMTP Server <ip>
// refused to accept your message (DATA), with the following error message: [554 ...]".
import { textDecoder } from '../text-format.js';
import { textMatches } from '../detect.js';

export const x6 = textDecoder({
  name: 'x6',
  detect: textMatches(/We had trouble delivering your message\. Full details follow:/),
  begin: [/^We had trouble delivering your message\. Full details follow:/m],
  recipient: [/^The following recipients returned (?:permanent|temporary) errors: <?([^\s<>@]+@[^\s<>@]+?)>?[.,]?\s+(?<rest>.*)$/],
  diagnostic: [/with the following error message:\s*\[([^\]]+)\]/, /Reason:\s*(.+)/],
  blankEnds: true,
  delayed: /^The following recipients returned temporary errors/m,
});
