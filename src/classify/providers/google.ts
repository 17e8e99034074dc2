// https://support.google.com/a/answer/3726730 (Gmail SMTP error reference)
import type { ProviderRules } from '../provider-rules.js';

export const google: ProviderRules = {
  name: 'google',
  hosts: /(?:^|\.)(?:google\.com|googlemail\.com|gmail\.com)$|^(?:aspmx|alt\d\.aspmx|gmail-smtp-in)\.l\.google\.com$/,
  rules: [
    [/the email account that you tried to reach does not exist|no such user|address couldn't be found|the email account that you tried to reach is not a valid/, 'userunknown'],
    [/the email account that you tried to reach is (?:disabled|inactive)/, 'suspend'],
    [/receiving mail (?:at a rate|too quickly)|rate that prevents additional messages|sending rate|rate limit/, 'ratelimited'],
    [/over (?:its |their )?quota|out of storage|inbox is full|mailbox is full|storage quota/, 'mailboxfull'],
    [/message (?:size )?exceeded|message is too large|size limit/, 'emailtoolarge'],
    [/does not meet ipv6 sending guidelines|ptr record|reverse dns/, 'requireptr'],
    [/unauthenticated email|not pass authentication|dmarc|spf|dkim/, 'authfailure'],
    [/multiple addresses in from|rfc 5322|not rfc 5322 compliant/, 'notcompliantrfc'],
    [/very low reputation|low reputation/, 'badreputation'],
    [/not authorized to send email directly to our servers|ip you're using to send mail is not authorized/, 'blocked'],
    [/likely unsolicited mail|detected that this message is likely suspicious|likely spam|spam/, 'spamdetected'],
    [/virus|attachment may contain|message contains a potential security issue/, 'virusdetected'],
    [/organizational settings|message bounced due to organizational settings/, 'policyviolation'],
  ],
};
