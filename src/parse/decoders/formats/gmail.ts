// Gmail / Google Workspace: "Delivery to the following recipient failed permanently:" (older) and
// "** Address not found ** Your message wasn't delivered to X because ..." (newer), then
// "The error that the other server returned was: ..." or Google's own sentence.
import { textDecoder } from '../text-format.js';
import { allOf, anyOf, fromMatches, textMatches } from '../detect.js';

export const gmail = textDecoder({
  name: 'gmail',
  // Google's mail system by its host and its help links; the sentences are English only in English
  // (a report in another language is this family too, and the structural reader reads it)
  detect: anyOf(
    allOf(
      anyOf(fromMatches(/mailer-daemon@(?:googlemail|google)\.com|@google\.com|@gmail\.com/i), textMatches(/Google tried to deliver your message|support\.google\.com\/mail/)),
      textMatches(/Delivery to the following recipients? (?:failed|has been delayed)|Your message wasn't delivered to|Technical details of (?:permanent|temporary) failure|There was a temporary problem delivering your message|Message not delivered|Address not found/),
    ),
    allOf(fromMatches(/mailer-daemon@(?:googlemail|google)\.com/i), textMatches(/support\.google\.com\/mail/)),
  ),
  begin: [/^(?:THIS IS A WARNING MESSAGE ONLY|Delivery to the following recipients? (?:failed|has been delayed)|\*\* (?:Address not found|Message not delivered|Message blocked|Message delayed|Delivery incomplete) \*\*)/m],
  recipient: [
    /^\s+([^\s<>@]+@[^\s<>@]+)\s*$/,
    /Your message wasn't delivered to ([^\s<>@]+@[^\s<>@]+) because(?<rest>.*)$/,
    /There was a temporary problem delivering your message to ([^\s<>@]+@[^\s<>@]+)\.(?<rest>.*)$/,
  ],
  diagnostic: [
    /The (?:error that the other server returned was|response (?:from the remote server|was)):\s*([\s\S]+)/,
    /Technical details of (?:permanent|temporary) failure:\s*([\s\S]+)/,
  ],
  // Google Workspace notices that name no recipient in the text ("** Message not delivered **")
  recipientHeaders: ['x-failed-recipients'],
  delayed: /Delivery to the following recipients? has been delayed|THIS IS A WARNING MESSAGE ONLY|Message will be retried|There was a temporary problem delivering/,
  reasons: [
    [/doesn't receive email according to the administrator|null MX/i, 'notaccept'],
    [/DNS Error: (?:Domain name not found|DNS server returned answer with no data|Address resolution of \S+ failed)|domain \S+ couldn't be found|Domain not found/i, 'hostunknown'],
    [/The recipient server did not accept our requests to connect|timed out|Connection timed out/i, 'expired'],
    [/DNS Error: Could not contact DNS servers|Network error/i, 'networkerror'],
    // the sender's "Send mail as" address is set up wrong: the sender is refused, not the recipient
    [/using the 'Send mail as' feature|\?p=CustomFromDenied/i, 'rejected'],
  ],
});
