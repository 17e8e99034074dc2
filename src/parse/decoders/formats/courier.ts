// Courier MTA: "This is a delivery status notification from host, running the Courier mail
// server, version 0.65.2.", then "UNDELIVERABLE MAIL" (or "DELAYS IN DELIVERING YOUR MESSAGE") and
// "<rcpt>:" with the host and the session (">>> RCPT TO:<...>" / "<<< 550 ...").
import { textDecoder } from '../text-format.js';
import { textMatches } from '../detect.js';

export const courier = textDecoder({
  name: 'courier',
  detect: textMatches(/running the Courier mail server, version|^[ \t]*(?:UNDELIVERABLE MAIL|DELAYS IN DELIVERING YOUR MESSAGE)[ \t]*$[\s\S]{0,200}^Your message to the following recipients/m),
  begin: [/^Your message to the following recipients (?:cannot be delivered|has not been delivered|could not be delivered)[^\n]*:/m],
  end: [/^-{20,}\s*$/m],
  recipient: [/^<([^<>\s@]+@[^<>\s@]+)>:\s*(?<rest>.*)$/],
  diagnostic: [/<<<\s*([\s\S]+)/],
  blankEnds: true,
  delayed: /has not been delivered|DELAYS IN DELIVERING YOUR MESSAGE/,
  // Courier's own words, when no server replied
  reasons: [
    [/^\s*(?:<<< )?No such domain\.?\s*$/m, 'hostunknown'],
    [/This address no longer accepts mail/i, 'userunknown'],
    [/The message size is too large/i, 'emailtoolarge'],
  ],
});
