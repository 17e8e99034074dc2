// policyviolation: refused by a local policy.
import type { ReasonRules } from '../reason-rules.js';

export const policyviolation: ReasonRules = {
  reason: 'policyviolation',
  type: 'soft',
  // the X.7.Y codes whose registry text is a refusal by the receiver's policy (IANA "SMTP Enhanced
  // Status Codes"); servers reuse them for everything, so their words decide first
  statuses: [
    '5.7.1', // delivery not authorized, message refused: per-host or per-recipient filtering (4.7.1 is blocked)
    '5.7.2', // mailing list expansion prohibited (4.7.2 is blocked)
    '7.15', // priority level is too low
  ],
  statusDecides: 'after-all-words',
  phrases: [
    {
      text: [
        'policy violation', 'header error', 'violates our policy', 'violation of policy', 'policy reasons', 'policy rejection', 'local policy',
        'site policy', 'content policy', 'due to policy', 'policy restriction', 'by policy', 'administrative prohibition',
        'prohibited by administrator', 'this message was blocked because its content', 'its content presents a potential',
        'rejected by policy', 'organization policy', 'organizational settings', 'closed mailing list', 'not subscribed to this group',
        'not allowed by', 'mass mailer', 'rejected by transport rule', 'denied by policy', 'security policies', 'protocol violation',
        'we do not accept messages containing', 'message given low priority', 'not accepted for policy reasons',
        // Exchange's transport rule: "Message rejected due to content restrictions"
        'content restriction',
      ],
    },
  ],
};
