// virusdetected: refused as carrying a virus.
import type { ReasonRules } from '../reason-rules.js';

export const virusdetected: ReasonRules = {
  reason: 'virusdetected',
  type: 'soft',
  phrases: [
    {
      text: [
        'virus', 'malware', 'infected', 'trojan', /\bworm\b/, 'dangerous attachment', 'harmful content', 'contains an executable',
        'blocked attachment', 'prohibited attachment', 'banned attachment', 'forbidden attachment',
      ],
    },
  ],
};
