// OpenSMTPD: "This is the MAILER-DAEMON, please DO NOT REPLY to this e-mail." then "An error has
// occurred while attempting to deliver a message for the following list of recipients:" (or "A
// message is delayed for more than ...") and "a@b: 550 ..." one per line.
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
});
