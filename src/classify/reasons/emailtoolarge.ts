// emailtoolarge: the message is too big for the system or over an administrative size limit (was mesgtoobig and exceedlimit).
import type { ReasonRules } from '../reason-rules.js';

export const emailtoolarge: ReasonRules = {
  reason: 'emailtoolarge',
  type: 'soft',
  statuses: [
    '2.3',
    '3.4',
    '5.5.3',
    '7.16',
  ],
  phrases: [
    {
      text: [
        'message too big', 'message too large', 'message is too large', 'message is too big', 'message size exceeds',
        'message exceeds maximum', 'exceeds the maximum size', 'exceeds maximum message size', 'message length exceeds',
        'size limit', 'message file too big', 'mail size limit', 'email is too large', 'too large for this system',
        'message size too large', 'maximum message size', 'exceeded maximum allowed size', 'exceeded maximum inbound message size',
        'message size violation', 'line limit exceeded', 'max message size exceeded', 'message size exceeds fixed',
        /message (?:\S+ )?(?:is )?too (?:big|large)/,
        // an administrative limit (RFC 3463 X.2.3)
        'exceeds administrative limit', 'message header size exceeds limit', 'header size exceeds', 'message length exceeds administrative',
      ],
    },
  ],
};
