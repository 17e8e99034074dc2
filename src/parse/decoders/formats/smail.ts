// Smail: "|---- Message log follows: ----|" with the log, "|---- Failed addresses follow: ----|"
// with "a@b ... reason" lines, and "|---- Message text follows: ----|".
import { textDecoder } from '../text-format.js';
import { textMatches } from '../detect.js';

export const smail = textDecoder({
  name: 'smail',
  detect: textMatches(/\|-{5,} (?:Message log|Failed addresses) follows?: -/),
  begin: [/^\|-{5,} Failed addresses follows?: -{5,}\|\s*$/m],
  end: [/^\|-{5,} Message text follows: -{5,}\|\s*$/m],
  recipient: [/^\s*<?([^\s<>@]+@[^\s<>@]+?)>? \.\.\. (?<rest>.*)$/],
});
