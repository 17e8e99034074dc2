// authfailure: SPF, DKIM or DMARC failed.
import type { ReasonRules } from '../reason-rules.js';

export const authfailure: ReasonRules = {
  reason: 'authfailure',
  type: 'soft',
  statuses: [
    '7.20',
    '7.21',
    '7.22',
    '7.23',
    '7.24',
    '7.26',
    '7.29',
  ],
  phrases: [
    {
      text: [
        'spf fail', 'spf check failed', 'spf validation', 'sender policy framework', 'dkim fail', 'dkim validation', 'dmarc',
        'authentication failed for sender', 'unauthenticated email', 'did not pass authentication', 'fails spf', 'failed spf',
        'failed dkim', 'fails dkim', 'is not authorized to send from', 'not allowed to send from', 'sender-id', 'sender id check',
        'not designated', 'does not designate', /\bspf\b.{0,40}\b(?:fail|reject|violation|hardfail|softfail)/, 'arc validation',
        'domain authentication', 'sender authentication failed', 'bad spf records',
        // Gmail: "does not have authentication information or fails to pass authentication checks (SPF or DKIM)"
        'fails to pass authentication', 'does not have authentication information', 'mail is unauthenticated',
        /\bdkim\b.{0,40}\b(?:fail|invalid|reject)/,
        // the check named as the cause: "Email rejected due to SPF policy", "blocked by SPF" (not a
        // header's name: "Duplicate header 'DKIM-Signature'" is the message's form)
        /\b(?:due to|because of|per|by) (?:the |its |an? )?(?:spf|dkim)\b(?!-)/,
      ],
    },
  ],
};
