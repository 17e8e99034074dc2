// badreputation: the sending IP's reputation is too low.
import type { ReasonRules } from '../reason-rules.js';

export const badreputation: ReasonRules = {
  reason: 'badreputation',
  type: 'soft',
  phrases: [
    {
      text: [
        'ip reputation', 'poor reputation', 'bad reputation', 'low reputation', 'sender reputation', 'due to its reputation',
        'reputation score', 'senderscore', 'sender score', 'reputation is too low', 'rejected because of your reputation',
        'unexpected volume or user complaints', 'sending ip has a', 'very low reputation'
      ],
    },
  ],
};
