// Spectrum / Charter / Time Warner (Road Runner): "AUP#In-1310", "AUP#Out-1000"; the number
// names the error, https://www.spectrum.net/support/internet/understanding-email-error-codes
import type { ProviderRules } from '../provider-rules.js';

export const spectrum: ProviderRules = {
  name: 'spectrum',
  hosts: /(?:^|\.)(?:charter\.(?:net|com)|spectrum\.(?:net|com)|rr\.com|twc\.com|brighthouse\.com)$/,
  rules: [
    [/\baup#[a-z]+-(?:13[0-4]\d|1350|13[5-9]\d|14\d\d|15[458]0|1590)\b/, 'ratelimited'],
    [/\baup#[a-z]+-(?:1000|12[0-5]\d)\b/, 'blocked'],
    [/\baup#[a-z]+-(?:10[1-8]0|1500|1520)\b/, 'rejected'],
    [/\baup#[a-z]+-1090\b/, 'systemerror'],
    [/\baup#[a-z]+-11[0-5]\d\b/, 'requireptr'],
    [/\baup#[a-z]+-(?:11[6-9]\d|1560)\b/, 'policyviolation'],
    [/\baup#[a-z]+-1260\b/, 'networkerror'],
    [/\baup#[a-z]+-1530\b/, 'emailtoolarge'],
  ],
};
