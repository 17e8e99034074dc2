// https://www.facebook.com/postmaster/response_codes (RCP-P1, POL-P2, ...)
import type { ProviderRules } from '../provider-rules.js';

export const facebook: ProviderRules = {
  name: 'facebook',
  hosts: /(?:^|\.)(?:facebook\.com|facebookmail\.com)$/,
  rules: [
    [/\brcp-p1\b/, 'userunknown'],
    [/\brcp-p[23]\b|refused due to recipient preferences/, 'filtered'],
    [/\bmsg-p1\b/, 'emailtoolarge'],
    [/\bpol-p7\b/, 'authfailure'],
    [/\bpol-p[12]\b/, 'blocked'],
    [/\bdns-p[123]\b/, 'rejected'],
    [/\bcon-t[1-4]\b/, 'ratelimited'],
  ],
};
