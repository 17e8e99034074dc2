// policyviolation: refused by a local policy.
import type { ReasonRules } from '../reason-rules.js';

export const policyviolation: ReasonRules = {
  reason: 'policyviolation',
  type: 'soft',
  phrases: [
    {
      text: [
        'policy violation', 'header error', 'violates our policy', 'violation of policy', 'policy reasons', 'policy rejection', 'local policy',
        'site policy', 'content policy', 'due to policy', 'policy restriction', 'by policy', 'administrative prohibition',
        'prohibited by administrator', 'this message was blocked because its content', 'its content presents a potential',
        'rejected by policy', 'organization policy', 'organizational settings', 'closed mailing list', 'not subscribed to this group',
        'not allowed by', 'mass mailer', 'rejected by transport rule', 'denied by policy', 'security policies', 'protocol violation',
        'we do not accept messages containing', 'message given low priority', 'not accepted for policy reasons',
      ],
    },
  ],
};
