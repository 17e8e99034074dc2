// An unnamed MTA: "We had trouble delivering your message. Full details follow:" and for each
// failure "The following recipients returned permanent errors: a@b. Reason: SMTP Server <ip>
// refused to accept your message (DATA), with the following error message: [554 ...]".
import { textDecoder } from '../text-format.js';
import { textMatches } from '../detect.js';

export const x6 = textDecoder({
  name: 'x6',
  detect: textMatches(/We\s+had\s+trouble\s+delivering\s+your\s+message\.\s+Full\s+details\s+follow:/),
  begin: [/^We\s+had\s+trouble\s+delivering\s+your\s+message\.\s+Full\s+details\s+follow:/m],
  // the sentence, or its start when the text was wrapped before the address (named by the next
  // line that has one)
  recipient: [
    /^The following recipients returned (?:permanent|temporary) errors: <?([^\s<>@]+@[^\s<>@]+?)>?[.,]?(?:\s+(?<rest>.*))?$/,
    /^The following recipients returned\b(?<pending>)/,
  ],
  rename: [/(?:^|\s)<?([^\s<>@]+@[^\s<>@]+?)>?[.,]?(?:\s|$)/],
  diagnostic: [/with\s+the\s+following\s+error\s+message:\s*\[([^\]]+)\]/, /Reason:\s*(.+)/],
  blankEnds: true,
  delayed: /^The following recipients returned\s+temporary\s+errors/m,
});
