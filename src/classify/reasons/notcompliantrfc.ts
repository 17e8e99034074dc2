// notcompliantrfc: the message breaks RFC 5322.
import type { ReasonRules } from '../reason-rules.js';

export const notcompliantrfc: ReasonRules = {
  reason: 'notcompliantrfc',
  type: 'soft',
  phrases: [
    {
      text: [
        'rfc 5322', 'rfc5322', 'rfc 2822', 'rfc2822', 'rfc 822', 'rfc822 specifications', 'multiple addresses in from',
        'duplicate header', 'multiple from', 'multiple sender', 'multiple message-id', 'not rfc compliant', 'not compliant with rfc',
        'message not rfc', 'header is not compliant', 'messages with multiple addresses', 'missing message-id', 'bare lf', 'bare linefeed',
        'is not rfc', 'non rfc compliant', 'not rfc-compliant',
      ],
    },
  ],
};
