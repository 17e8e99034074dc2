// OpenSMTPD: "This is the MAILER-DAEMON, please DO NOT REPLY to this e-mail." then "An error has
// occurred while attempting to deliver a message for the following list of recipients:" (or "A
// message is delayed for more than ...") and "a@b: 550 ..." one per line. OpenSMTPD 6.x reports a
// message whose queue lifetime ended with its delay template ("a@b: Envelope expired", Action:
// delayed): the message was dropped, so that recipient failed.
import { textDecoder } from '../text-format.js';
import { textMatches } from '../detect.js';

export const opensmtpd = textDecoder({
  name: 'opensmtpd',
  detect: textMatches(/This is the MAILER-DAEMON, please DO NOT REPLY to this e-?mail\./),
  begin: [/list of recipients:\s*$/m],
  end: [/^\s*Below is a copy of the original message:/m],
  recipient: [/^<?([^\s<>:@]+@[^\s<>:@]+?)>?:\s*(?<rest>.*)$/],
  blankEnds: true,
  delayed: /A message is delayed for more than/,
  expired: /\bEnvelope expired\b/i,
});
