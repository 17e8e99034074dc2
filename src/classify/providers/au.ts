// au by KDDI (ezweb.ne.jp, au.com): its filter refuses a sender with "550 : User unknown", an
// empty address where an unknown user's reply names the address, "550 <addr>: User unknown"
import type { ProviderRules } from '../provider-rules.js';

export const au: ProviderRules = {
  name: 'au',
  hosts: /(?:^|\.)(?:ezweb\.ne\.jp|au\.com)$/,
  rules: [
    [/(?:^|[\s\]]): user unknown/, 'filtered'],
    [/>: user unknown/, 'userunknown'],
  ],
};
