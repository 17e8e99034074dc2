// securityerror: authentication or TLS required, or another security refusal.
import type { ReasonRules } from '../reason-rules.js';

export const securityerror: ReasonRules = {
  reason: 'securityerror',
  type: 'soft',
  // the X.7.Y codes whose registry text says security (IANA "SMTP Enhanced Status Codes"); the
  // others name a policy refusal (policyviolation, blocked), or their own reason
  statuses: [
    '5.7.0', // other or undefined security status
    '7.3', // security conversion required but not possible
    '7.4', // security features not supported
    '7.5', // cryptographic failure
    '7.6', // cryptographic algorithm not supported
    '7.7', // message integrity failure
    '7.8', // authentication credentials invalid
    '7.9', // authentication mechanism is too weak
    '7.10', // encryption needed
    '7.11', // encryption required for requested authentication mechanism
    '7.12', // a password transition is needed
    '7.14', // trust relationship required
    '7.19', // RRVS test cannot be completed
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
