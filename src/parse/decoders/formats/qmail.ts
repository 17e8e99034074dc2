// qmail and its descendants (netqmail, notqmail, vpopmail, Yahoo's old MTA):
// "<rcpt>:" then the remote host's words, a blank line between recipients.
import type { Reason } from '../../types.js';
import { textDecoder } from '../text-format.js';
import { anyOf, textMatches } from '../detect.js';

// qmail's own fixed sentences (qmail-remote/qmail-send), not the remote server's.
export const QMAIL_REASONS: Array<[RegExp, Reason]> = [
  [/Sorry,? I couldn't find any host (?:named|by that name)|no host by that name/i, 'hostunknown'],
  // no MX and no A record: the domain takes no mail at all
  [/Sorry, I couldn't find a mail exchanger or IP address/i, 'notaccept'],
  [/Sorry, no mailbox here by that name|no such mailbox here|This address no longer accepts mail/i, 'userunknown'],
  [/Sorry,? I wasn't able to establish an SMTP connection|Sorry, I couldn't connect|timeout writing message|Connection refused/i, 'networkerror'],
  [/This message is looping: it already has my Delivered-To line|loop detected/i, 'networkerror'],
  [/Connected to \S+ but my name was rejected/i, 'blocked'],
  // qmail gave up; only when the remote server said nothing more telling
  [/^(?![\s\S]*Remote host said)[\s\S]*I'm not going to try again; this message has been in the queue too long/i, 'expired'],
  [/Although I'm listed as a best-preference MX or A for that host|Sorry\. Although I'm listed/i, 'systemerror'],
  [/The recipient's mailbox is full|mailbox is full|over quota|exceeds quota/i, 'mailboxfull'],
  [/Message is too big|message too large/i, 'emailtoolarge'],
  [/Connected to \S+ but greeting failed/i, 'blocked'],
  [/Sorry, I couldn't find any host named|Sorry\. Nameserver/i, 'hostunknown'],
];

export const qmail = textDecoder({
  name: 'qmail',
  detect: anyOf(
    textMatches(/^Hi\. This is the qmail|qmail-send program|^I'm afraid I wasn't able to deliver your message to the following addresses/m),
    textMatches(/^I'm sorry\. I wasn't able to deliver your message|^Sorry, we were unable to deliver your message to the following address/m),
  ),
  begin: [/^(?:I'm afraid I wasn't able to deliver|Hi\. This is the|Sorry, we were unable|I'm sorry\. I wasn't able)/m],
  recipient: [/^<([^>\s@]+@[^>\s@]+)>:\s*(?<rest>.*)$/],
  blankEnds: true,
  // the remote server's words; qmail's own sentences around them stay in the block for `reasons`
  diagnostic: [/Remote host said:\s*([\s\S]*?)(?:\n\s*(?:Giving up on|I'm not going to try again)|$)/],
  reasons: QMAIL_REASONS,
  delayed: /^I'm not going to give up|Status: \d\.\d+\.\d+ \(deferred\)/m,
});
