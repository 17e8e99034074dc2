// hasmoved: the mailbox moved and is not forwarded (hard).
import type { ReasonRules } from '../reason-rules.js';

export const hasmoved: ReasonRules = {
  reason: 'hasmoved',
  type: 'hard',
  statuses: [
    '1.6',
    // RRVS: the address now belongs to someone else, so the old recipient is gone
    '7.17',
    '7.18',
  ],
  // RFC 5321's 551 "User not local; please try <forward-path>" names the new address
  phrases: [
    {
      text: [
        ' has been replaced by ', 'has moved', 'mailbox moved', 'user not local; please try <', 'no longer at this address', 'address has changed', /changed (?:his|her|their) (?:e-?mail )?address/
      ],
    },
  ],
};
