// rejected: the sender's address was refused.
import type { ReasonRules } from '../reason-rules.js';

export const rejected: ReasonRules = {
  reason: 'rejected',
  type: 'soft',
  statuses: [
    // X.1.7 and X.1.8 are about the sender's address, not the recipient
    '1.7',
    '1.8',
  ],
  phrases: [
    {
      // a refusal at MAIL FROM or of the message; at RCPT only when the status names nothing else
      at: ['MAIL', 'DATA'],
      orStatus: 'silent',
      text: [
        'sender rejected', 'sender address rejected', 'sender verify failed', 'sender verification', 'sender denied', 'sender blocked',
        'access denied (in reply to mail from', 'sender is not allowed', 'sender not allowed', 'sender is blacklisted', 'invalid sender', 'unknown sender', 'sender unknown',
        'bad sender', 'mail from rejected', 'domain of sender address', 'sender address is not', 'envelope sender', 'unroutable sender',
        'unrouteable sender', 'sender domain',
        'address that has been blacklisted', 'you are sending to/from an address', 'you are not allowed to post', 'only members can post',
        'you do not have permission', 'email address is not verified', 'sender has been', 'rejecting mail from', 'not permitted to send',
        // "Recipient address rejected: ..." is about the recipient: the rest of the reply says why
        /(?<!recipient )address rejected/, 'does not accept mail from', 'not accepting mail from', 'purported responsible address', 'blocklisted sender', 'blacklisted sender',
        'mailfrom domain', 'mail from domain', 'sender address', 'from domain', 'sender mx', 'sender is on', 'mail from address',
      ],
    },
    // "access denied" to MAIL FROM refuses the sender
    { at: ['MAIL'], text: ['access denied'] },
  ],
};
