// au by KDDI, EZweb mobile mail (ezweb.ne.jp, au.com): "Mail System Error - Returned Mail" with a
// Japanese paragraph and an English sentence that says what happened ("The user(s) account is
// disabled.", "Your message was not delivered within 0 days and 1 hours."), then the recipients
// as "<rcpt>" lines, or "Recipient: <rcpt>" with the session (">>> RCPT TO:", "<<< 550 ...").
import { textDecoder } from '../text-format.js';
import { allOf, anyOf, fromMatches, headerMatches, textMatches } from '../detect.js';

export const ezweb = textDecoder({
  name: 'ezweb',
  detect: allOf(
    anyOf(fromMatches(/[@.]ezweb\.ne\.jp\b|@au\.com\b/i), headerMatches('received', /\bezweb\.ne\.jp\b/i)),
    textMatches(/The user\(s\) account is|Each of the following recipients was rejected by a remote|The following recipients did not receive this message|Your message was not delivered within|^[ \t]*<[^<>\s@]+@[^<>\s@]+>/m),
  ),
  recipient: [/^\s*<([^<>\s@]+@[^<>\s@]+)>:?\s*(?<rest>.*)$/, /^\s*Recipient: <([^<>\s@]+@[^<>\s@]+)>\s*$/],
  diagnostic: [/<<<\s*([\s\S]+)/],
  blankEnds: true,
  preamble: true,
  // the EZweb servers' own sentences
  reasons: [
    [/The user\(s\) account is temporarily over quota/i, 'mailboxfull'],
    [/The user\(s\) account is (?:disabled|temporarily limited)/i, 'suspend'],
    [/Your message was not delivered within \d+ days and \d+ hours/i, 'expired'],
  ],
});
