// An unnamed MTA ("Mail Deliver System"): "---The following addresses had delivery errors---" and
// then one line per recipient with the MTA's own summary in brackets: "a@b [User unknown]".
import { textDecoder } from '../text-format.js';
import { textMatches } from '../detect.js';

export const x1 = textDecoder({
  name: 'x1',
  detect: textMatches(/The following addresses had delivery errors ?---/),
  begin: [/^-{3,} ?The following addresses had delivery errors ?-{3,}\s*$/m],
  recipient: [/^\s*<?([^\s<>@]+@[^\s<>@\]]+?)>?\s+\[(?<rest>[^\]]*)\]\s*$/],
  blankEnds: true,
});
