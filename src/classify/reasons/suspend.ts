// suspend: the account is disabled or suspended.
import type { ReasonRules } from '../reason-rules.js';

export const suspend: ReasonRules = {
  reason: 'suspend',
  type: 'soft',
  statuses: [
    '4.2.1',
    '7.13',
  ],
  statusContradictedBy: ['ratelimited'],
  phrases: [
    {
      text: [
        'mailbox disabled', 'mailbox is disabled', 'account disabled', 'temporarily locked', 'account is locked', 'account is disabled', 'account has been disabled',
        'account suspended', 'account is suspended', 'account has been suspended', 'mailbox suspended', 'mailbox is inactive',
        'account is inactive', 'account inactive', 'inactive account', 'mailbox is frozen', 'account is frozen', 'account has been frozen',
        'user suspended', 'recipient suspended', 'been deactivated', 'account deactivated', 'user account is expired', 'account expired',
        'recipient address rejected: inactive', 'not an active address', 'deactivated mailbox', 'is inactive', 'is not active',
        'account that you tried to reach is disabled', 'this account has been disabled or discontinued', 'currently suspended',
        'no longer in use', 'mailbox is not active', 'user account disabled', 'has been disabled', 'temporarily disabled',
        'account that you tried to reach is inactive', 'mailbox unavailable or suspended', 'service has been suspended',
        /\b(?:account|mailbox|user|recipient|address)(?: \S+)? (?:is|has been) (?:suspended|disabled|deactivated|locked|inactive)\b/,
        // closed by its provider for lack of use (not "due to extended inactivity new mail is not ... accepted": filtered)
        /\b(?:blocked|disabled|suspended|closed|locked|deactivated) (?:due to|for|because of) (?:\S+ )?inactivity\b/,
        // the recipient's account blocked by its provider (not the sender blocked): "the recipient account is blocked"
        /\b(?:recipient'?s?|user'?s?|destination) (?:e-?mail )?(?:account|mailbox) (?:is|has been) blocked\b/, 'compte du destinataire est bloqu',
      ],
    },
  ],
};
