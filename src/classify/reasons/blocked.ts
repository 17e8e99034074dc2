// blocked: the sending IP or host is blocked.
import type { ReasonRules } from '../reason-rules.js';

export const blocked: ReasonRules = {
  reason: 'blocked',
  type: 'soft',
  statuses: [
    // "delivery not authorized": temporarily it is a block of the sending host
    '4.7.1',
    '4.7.2',
  ],
  phrases: [
    {
      text: [
        'blocked using', 'blocked by', 'is blocked', 'been blocked', 'blacklisted', 'blacklist', 'black list', 'blocklist', 'block list',
        // on a block list, not "not listed in the directory" (a mailbox the host does not have)
        /(?<!not )listed (?:at|on|in|by)\b/, /\brbl\b/, 'dnsbl', 'spamhaus', 'spamcop', 'sorbs', 'barracuda', 'cbl.abuseat',
        'client host rejected', 'client host blocked', 'connection rejected',
        // "your IP address", not qmail's "couldn't find a mail exchanger or IP address" (notaccept)
        /(?<!exchanger or )ip address/,
        'your ip', 'your host', 'host rejected', 'dynamic ip', 'dynamic address', 'residential', 'dial-up', 'dialup', 'not allowed to connect',
        'refused connection', 'rejected your ip', 'mail from your ip', 'bad ip', 'ip blocked', 'blocked ip', 'your network', 'invalid ip',
        'please use the smtp server of your isp', 'please use your isp', 'use the smtp server of your isp', 'refused to talk to me',
        'not accepting connections', 'temporarily deferred', 'hostname', 'not permitted to',
        // Outlook.com: "messages from [192.0.2.1] weren't sent. ... does not relay dynamically-assigned IP ranges"
        'dynamically-assigned', 'dynamically assigned', /messages from \[?[0-9a-f.:]+\]? weren't sent/,
        // a reply that opens with the word: Proofpoint's "550 5.7.0 Blocked - see https://ipcheck..."
        /^blocked\b/,
        'denied ip', 'banned', '(bl)', 'not allowed to send mail', 'may not be mail exchanger', 'my name was rejected',
        // the sending host's record: "IP blocked for spamming", "listed for spam"
        /\b(?:blocked|banned|blacklisted|blocklisted) (?:for|due to|because of) spamming/, /listed (?:for|due to|because of|as a source of) spam/,
      ],
    },
    // "access denied" at the greeting refuses the client
    { at: ['CONN', 'HELO', 'EHLO'], text: ['access denied'] },
  ],
};
