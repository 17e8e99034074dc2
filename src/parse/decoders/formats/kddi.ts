// KDDI au one net (dion.ne.jp, au.com ISP mail): "Your mail sent on: <date>" / "Could not be
// delivered to: <rcpt>" / "As their mailbox is full.", sometimes after a Japanese paragraph.
import { textDecoder } from '../text-format.js';
import { allOf, textMatches } from '../detect.js';

export const kddi = textDecoder({
  name: 'kddi',
  detect: allOf(textMatches(/^\s*Your mail sent on:/m), textMatches(/^\s*Could not be delivered to:/m)),
  recipient: [/^\s*Could not be delivered to:\s*<?([^<>\s@]+@[^<>\s@]+?)>?\s*$/],
  blankEnds: true,
  // the server's own sentences
  reasons: [
    [/As their mailbox is full/i, 'mailboxfull'],
    [/As the remote domain doesn'?t exist/i, 'hostunknown'],
  ],
});
