// Symantec / Broadcom Email Security.cloud (MessageLabs)
import type { ProviderRules } from '../provider-rules.js';

export const messagelabs: ProviderRules = {
  name: 'messagelabs',
  hosts: /(?:^|\.)messagelabs\.com$/,
  rules: [
    [/please turn on smtp authentication|not permitted to relay through this server without authentication/, 'securityerror'],
    [/envelope sender domain must exist/, 'rejected'],
  ],
};
