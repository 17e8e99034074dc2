// GoDaddy (secureserver.net): "IB607" style codes, https://x.co/rlbounce
import type { ProviderRules } from '../provider-rules.js';

export const godaddy: ProviderRules = {
  name: 'godaddy',
  hosts: /(?:^|\.)secureserver\.net$/,
  rules: [
    [/\bib60[78]\b|sent to too many recipients this (?:hour|minute|day)/, 'ratelimited'],
    [/\bib401\b|authentication not allowed on ibsmtp/, 'securityerror'],
    [/\bib50[1-6]\b/, 'rejected'],
    [/\bib705\b|virus infected message rejected/, 'virusdetected'],
    [/\bib10[1-9]\b|\bib11[0-3]\b|poor reputation on cloudmark/, 'blocked'],
  ],
};
