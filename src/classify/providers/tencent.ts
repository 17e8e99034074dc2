// Tencent QQ Mail and Exmail: https://service.mail.qq.com/detail/122/ (one page per reply)
import type { ProviderRules } from '../provider-rules.js';

export const tencent: ProviderRules = {
  name: 'tencent',
  hosts: /(?:^|\.)(?:qq\.com|foxmail\.com)$/,
  rules: [
    [/(?:ip|domain|sender|connection) frequency limited/, 'ratelimited'],
    [/mailbox not found/, 'userunknown'],
    [/is a deactivated mailbox/, 'suspend'],
    [/message too large/, 'emailtoolarge'],
    [/spf check failed|dmarc check failed/, 'authfailure'],
    [/mail content denied|spam is embedded in the email/, 'spamdetected'],
    [/suspected bounce attacks|suspected spam ip|connection denied/, 'blocked'],
  ],
};
