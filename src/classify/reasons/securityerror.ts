// securityerror: authentication or TLS required, or another security refusal.
import type { ReasonRules } from '../reason-rules.js';

export const securityerror: ReasonRules = {
  reason: 'securityerror',
  type: 'soft',
  statuses: [
    '5.7.0',
    '5.7.1',
    '5.7.2',
    '7.3',
    '7.4',
    '7.5',
    '7.6',
    '7.7',
    '7.8',
    '7.9',
    '7.10',
    '7.11',
    '7.12',
    '7.14',
    '7.15',
    '7.19',
  ],
  statusDecides: 'after-all-words',
  phrases: [
    {
      text: [
        'authentication required', 'authentication is required', 'must be authenticated', 'must authenticate', 'please authenticate',
        'authentication failed', 'auth failed', 'tls required', 'requires tls', 'encryption required', 'must issue a starttls',
        'security policy', 'insecure', 'submission port', 'sender is not authenticated', 'unauthenticated senders',
        'unauthenticated sender', 'not authorized', 'unauthorized', 'smtp auth', 'relay requires authentication', 'access denied',
        'authentication credentials invalid', 'sender is not authorized', 'you are not authorized',
      ],
    },
  ],
};
