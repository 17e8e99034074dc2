// Mimecast, https://community.mimecast.com/docs/DOC-1369 (SMTP error codes)
import type { ProviderRules } from '../provider-rules.js';

export const mimecast: ProviderRules = {
  name: 'mimecast',
  hosts: /(?:^|\.)mimecast(?:-offshore)?\.(?:com|co\.za)$/,
  rules: [
    // the sending host is not in the networks the organisation's policy admits
    [/host network not allowed|anti-spoofing policy|rejected by policy/, 'policyviolation'],
    [/ip reputation|reputation - \(reject\)/, 'badreputation'],
  ],
};
