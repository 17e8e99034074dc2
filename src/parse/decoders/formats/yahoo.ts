// Yahoo / AOL (Yahoo Inc. MTA): "Sorry, we were unable to deliver your message to the following
// address." then "<rcpt>:" and "Remote host said: ... [RCPT_TO]".
import { textDecoder } from '../text-format.js';
import { allOf, anyOf, fromMatches, headerMatches, textMatches } from '../detect.js';

export const yahoo = textDecoder({
  name: 'yahoo',
  detect: allOf(
    anyOf(fromMatches(/yahoo|aol\.com|verizon|MAILER-DAEMON@(?:\S+\.)?(?:yahoo|aol|aim)/i), headerMatches('x-ymailisg', /./), headerMatches('received', /yahoo|aol\.com/i)),
    textMatches(/^Sorry, we were unable to deliver your message to the following address|^Message from (?:yahoo|aol)\.com|^Sorry, your message to \S+ cannot be delivered/m),
  ),
  begin: [/^Sorry, we were unable to deliver your message|^Sorry, your message to/m],
  recipient: [/^<([^>\s@]+@[^>\s@]+)>:\s*(?<rest>.*)$/],
  blankEnds: true,
  diagnostic: [/Remote host said:\s*([\s\S]+)/],
});
