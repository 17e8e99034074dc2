// The classic report of a receiving mail system that accepted the message and could not place it
// (Yahoo! Mail's format of the 2000s, used by others since): "Message from example.com. Unable to
// deliver message to the following address(es)." then "<a@b>:" and the system's own sentence.
// The receiving domain wrote the report after it had taken the message, so a refusal in it came
// after DATA, not at RCPT.
import { textDecoder } from '../text-format.js';
import { textMatches } from '../detect.js';

export const x2 = textDecoder({
  name: 'x2',
  detect: textMatches(/Unable\s+to\s+deliver\s+message\s+to\s+the\s+following\s+address\(es\)/),
  begin: [/^Unable\s+to\s+deliver\s+message\s+to\s+the\s+following\s+address\(es\)\.?\s*$/m],
  end: [/^-{2,} ?Original message follows\.?\s*$/m],
  recipient: [/^<([^>\s@]+@[^>\s@]+)>:\s*(?<rest>.*)$/],
  blankEnds: true,
  command: 'DATA',
});
