// Cox Communications: the code at the end of the reply, https://www.cox.com/residential/support/email-error-codes.html
import type { ProviderRules } from '../provider-rules.js';

export const cox: ProviderRules = {
  name: 'cox',
  hosts: /(?:^|\.)cox\.net$/,
  rules: [
    [/\bcxdns\b/, 'requireptr'],
    [/\bcxsndr\b/, 'rejected'],
    [/\bcx(?:cnct|mxrt)\b/, 'ratelimited'],
    [/\burlbl\d+\b/, 'spamdetected'],
    [/\b(?:cxbl|cdrbl|ipbl\d+|rrbl\d+)\b/, 'blocked'],
  ],
};
