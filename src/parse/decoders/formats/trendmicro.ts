// Trend Micro InterScan Messaging Security Suite / InterScan VirusWall: "Message from InterScan
// Messaging Security Suite" and "Unable to deliver message to <a@b> (and other recipients in the
// same domain)." with the reply after "Reason:", or a session quoted as "Sent <<< RCPT TO:<a@b>" /
// "Received >>> 550 ..." (the arrows point either way, by version).
import { textDecoder } from '../text-format.js';
import { anyOf, fromMatches, textMatches } from '../detect.js';

export const trendmicro = textDecoder({
  name: 'trendmicro',
  detect: anyOf(
    fromMatches(/InterScan/i),
    textMatches(/Message from InterScan |Sent (?:<<<|>>>) RCPT TO:/),
  ),
  recipient: [
    /^\s*Unable to deliver message to <([^>\s@]+@[^>\s@]+)>(?<rest>.*)$/,
    // the command stays in the recipient's text (group 1 is that text; its address is the recipient)
    /^\s*Sent (?:<<<|>>>) (?<rest>RCPT TO:\s*<[^>\s@]+@[^>\s@]+>.*)$/i,
  ],
  skip: [/^\*{5,}\s*$/],
  // the reply as received, or (other versions) after "Reason:"
  diagnostic: [/Received (?:>>>|<<<) ([^\n]+)/, /^\s*Reason:\s*([^\n]+)/m],
  blankEnds: true,
  reasons: [
    // InterScan's own sentence when the next hop refused the address itself
    [/Please check if (?:the )?address is correct/i, 'userunknown'],
  ],
});
