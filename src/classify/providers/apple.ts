// Apple iCloud Mail (icloud.com, me.com, mac.com), https://support.apple.com/en-us/102322 (HT204137)
import type { ProviderRules } from '../provider-rules.js';

export const apple: ProviderRules = {
  name: 'apple',
  hosts: /(?:^|\.)(?:icloud\.com|me\.com|mac\.com)$/,
  rules: [
    [/recipient no longer on server/, 'hasmoved'],
    [/user is over quota/, 'mailboxfull'],
    [/inactive email address|unknown or illegal alias|user does not exist/, 'userunknown'],
    [/'s dmarc policy|failing both spf and dkim/, 'authfailure'],
    [/due to excessive volume/, 'ratelimited'],
    [/listing in spamhaus|domain present in the spamhaus|not accepting connections|blocked - see https:\/\/support\.proofpoint\.com/, 'blocked'],
    [/\[(?:cs01|hm07|hm08)\]|rejected due to local policy/, 'policyviolation'],
  ],
};
