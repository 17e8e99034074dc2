// suppressed: the sending service suppressed the address.
import type { ReasonRules } from '../reason-rules.js';

export const suppressed: ReasonRules = {
  reason: 'suppressed',
  type: 'soft',
  phrases: [
    {
      text: [
        'suppression list', 'on the suppression', 'address is suppressed', 'on our suppression'
      ],
    },
  ],
};
