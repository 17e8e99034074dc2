// filtered: refused for this recipient after the message was seen.
import type { ReasonRules } from '../reason-rules.js';
import { MAILBOX_UNAVAILABLE, USERUNKNOWN_PHRASES } from './userunknown.js';

export const filtered: ReasonRules = {
  reason: 'filtered',
  type: 'soft',
  statuses: [
    // an ambiguous address is refused by the receiving side's own filtering
    '1.4',
    // "other mailbox status" and "mailbox disabled, not accepting messages": permanently refused
    '5.2.0',
    '5.2.1',
    '2.4',
  ],
  statusDecides: 'with-its-words',
  // "5.2.1 Mailbox unavailable. Your IP address ... is blacklisted": the sender is blocked, whatever the status
  statusContradictedBy: ['blocked'],
  // a domain that does not exist is said with "address not found" too (Gmail's "** Address not found **")
  wordsYieldTo: ['spamdetected', 'virusdetected', 'hostunknown'],
  phrases: [
    {
      // a filter's refusal is said once the message was seen: at the greeting or to HELO nobody's
      // message was refused ("554 ... not accepting messages from 192.0.2.1 - your IP is listed")
      notAt: ['CONN', 'HELO', 'EHLO', 'RCPT', 'MAIL'],
      text: [
        'due to extended inactivity', 'user refuses', 'recipient refuses', 'refuses to accept', 'mail filter', 'content filter',
        'rejected by filter', 'filter rejected', 'message filtered', 'blacklisted by user', 'rejected by user', 'rejected by this user', 'declined by the recipient',
        'not accepting messages from', 'user has restricted', 'restricted recipient', 'this message is not accepted', 'rejected by header',
        'has blocked your', 'the recipient has chosen', 'recipient has set', 'delivery not authorized, message refused',
      ],
    },
    {
      // "user unknown" said once the message was seen (or at a stage not known) is a filter's refusal,
      // unless the status blames the address
      notAt: ['RCPT', 'MAIL'],
      unlessStatus: 'addressing',
      text: USERUNKNOWN_PHRASES,
    },
    {
      // the reply code's stock text (userunknown.ts), said the same way
      notAt: ['RCPT', 'MAIL'],
      unlessStatus: 'addressing',
      text: MAILBOX_UNAVAILABLE,
    },
  ],
};
