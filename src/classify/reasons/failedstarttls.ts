// failedstarttls: STARTTLS failed.
import type { ReasonRules } from '../reason-rules.js';

export const failedstarttls: ReasonRules = {
  reason: 'failedstarttls',
  type: 'soft',
  statuses: [
    // the message demands REQUIRETLS and the path cannot provide it
    '7.30',
  ],
  phrases: [
    {
      text: [
        'does not support tls', 'does not support starttls',
        'starttls failed', 'tls negotiation failed', 'handshake failed', 'tls handshake', 'ssl handshake', 'starttls is required'
      ],
    },
  ],
};
