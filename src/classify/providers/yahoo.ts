// https://senders.yahooinc.com/smtp-error-codes
import type { ProviderRules } from '../provider-rules.js';

export const yahoo: ProviderRules = {
  name: 'yahoo',
  hosts: /(?:^|\.)(?:yahoo\.[a-z.]+|yahoodns\.net|ymail\.com|rocketmail\.com|aol\.com|aim\.com|verizon\.net|yahoo-inc\.com)$/,
  rules: [
    [/this user doesn't have a \S+ account|user doesn't have a|mailbox not found|no such user|delivery error: dd this user/, 'userunknown'],
    [/this account has been disabled or discontinued|account (?:is )?(?:disabled|inactive)/, 'suspend'],
    [/mailbox (?:is )?full|over quota/, 'mailboxfull'],
    [/\[ts0[13]\]|\[tss0[4]\]|unexpected volume or user complaints/, 'badreputation'],
    [/\[tss0[9]\]|\[tss1[01]\]|permanently deferred|blocked/, 'blocked'],
    [/not accepted for policy reasons|\[ph01\]/, 'policyviolation'],
    [/dmarc|dkim|spf|authentication/, 'authfailure'],
  ],
};
