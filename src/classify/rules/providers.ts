// Receivers whose replies carry their own codes: the code or phrase names the reason better than the
// enhanced status does (Microsoft answers "5.1.10" for an unknown recipient, which the registry
// reserves for null MX). A provider is chosen by the remote host or by the recipient's domain, and
// its rules are tried in order; they are written in lower case. Data: a new provider is a new entry.
import type { Reason } from '../../parse/types.js';

export interface ProviderRules {
  name: string;
  /** remote MTA host names or recipient domains served by this provider */
  hosts: RegExp;
  rules: Array<[RegExp, Reason]>;
}

export const PROVIDERS: ProviderRules[] = [
  {
    // https://learn.microsoft.com/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/
    name: 'microsoft',
    hosts: /(?:^|\.)(?:outlook\.com|hotmail\.[a-z.]+|live\.[a-z.]+|msn\.com|office365\.com|microsoft\.com|outlook\.office365\.com)$|protection\.outlook\.com$|\.prod\.outlook\.com$/,
    rules: [
      [/resolver\.adr\.(?:recip(?:ient)?notfound|exrecipnotfound|recipientnotfound)|recipient not found by smtp address lookup|recipient address rejected: access denied|requested action not taken: mailbox unavailable|5\.1\.1 user unknown|mailbox unavailable/, 'userunknown'],
      [/resolver\.adr\.recipientlimit|resolver\.rst\.recipsizelimit|message size exceeds|5\.3\.4/, 'mesgtoobig'],
      [/storedrv\.deliver.*quota|mailbox (?:is )?full|quotaexceeded|insufficient system storage/, 'mailboxfull'],
      [/resolver\.rst\.notauthorized|resolver\.rst\.authrequired|not authorized to send|5\.7\.57/, 'securityerror'],
      [/5\.7\.(?:509|515)|dmarc|spf (?:hard)?fail|did not pass authentication/, 'authfailure'],
      [/5\.7\.(?:606|511|708|750)|banned sending ip|(?:part of )?their network is on our block list|\((?:s3140|s3150|s3114|s3115)\)|block list|blocklist/, 'blocked'],
      [/5\.7\.54|unable to relay|not permitted to relay/, 'norelaying'],
      [/5\.6\.211|invalid_header|header.*too (?:large|long)/, 'contenterror'],
      [/5\.4\.(?:310|312|316)|dns domain .* does not exist|dns query failed/, 'networkerror'],
    ],
  },
  {
    // https://support.google.com/a/answer/3726730 (Gmail SMTP error reference)
    name: 'google',
    hosts: /(?:^|\.)(?:google\.com|googlemail\.com|gmail\.com)$|^(?:aspmx|alt\d\.aspmx|gmail-smtp-in)\.l\.google\.com$/,
    rules: [
      [/the email account that you tried to reach does not exist|no such user|address couldn't be found|the email account that you tried to reach is not a valid/, 'userunknown'],
      [/the email account that you tried to reach is (?:disabled|inactive)/, 'suspend'],
      [/receiving mail (?:at a rate|too quickly)|rate that prevents additional messages|sending rate|rate limit/, 'speeding'],
      [/over (?:its |their )?quota|out of storage|inbox is full|mailbox is full|storage quota/, 'mailboxfull'],
      [/message (?:size )?exceeded|message is too large|size limit/, 'mesgtoobig'],
      [/does not meet ipv6 sending guidelines|ptr record|reverse dns/, 'requireptr'],
      [/unauthenticated email|not pass authentication|dmarc|spf|dkim/, 'authfailure'],
      [/multiple addresses in from|rfc 5322|not rfc 5322 compliant/, 'notcompliantrfc'],
      [/very low reputation|low reputation/, 'badreputation'],
      [/not authorized to send email directly to our servers|ip you're using to send mail is not authorized/, 'blocked'],
      [/likely unsolicited mail|detected that this message is likely suspicious|likely spam|spam/, 'spamdetected'],
      [/virus|attachment may contain|message contains a potential security issue/, 'virusdetected'],
      [/organizational settings|message bounced due to organizational settings/, 'policyviolation'],
    ],
  },
  {
    // https://senders.yahooinc.com/smtp-error-codes
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
  },
];

export function providerFor(remoteMta: string | null, address: string | null): ProviderRules | null {
  const host = (remoteMta ?? '').toLowerCase().replace(/\.$/, '');
  const domain = address ? address.slice(address.lastIndexOf('@') + 1).toLowerCase() : '';
  return PROVIDERS.find((p) => (host && p.hosts.test(host)) || (domain && p.hosts.test(domain))) ?? null;
}

export function providerReason(
  remoteMta: string | null,
  address: string | null,
  lowerText: string,
): { provider: string; reason: Reason } | null {
  const p = providerFor(remoteMta, address);
  if (!p || !lowerText) return null;
  for (const [re, reason] of p.rules) if (re.test(lowerText)) return { provider: p.name, reason };
  return null;
}
