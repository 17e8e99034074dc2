// Receivers whose replies carry their own codes: the code or phrase names the reason better than the
// enhanced status does (Microsoft answers "5.1.10" for an unknown recipient, which the registry
// reserves for null MX). A provider is chosen by the remote host or by the recipient's domain, and
// its rules are tried in order; they are written in lower case. Data: a new provider is a new entry.
import type { Reason } from '../../vocabulary/index.js';

/** A code or phrase and the reason it names; with `commands`, only when answered to one of them. */
export type ProviderRule = [RegExp, Reason] | [RegExp, Reason, { commands: readonly string[] }];

export interface ProviderRules {
  name: string;
  /** remote MTA host names or recipient domains served by this provider */
  hosts: RegExp;
  rules: ProviderRule[];
}

export const PROVIDERS: ProviderRules[] = [
  {
    // https://learn.microsoft.com/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/
    name: 'microsoft',
    hosts: /(?:^|\.)(?:outlook\.com|hotmail\.[a-z.]+|live\.[a-z.]+|msn\.com|office365\.com|microsoft\.com|outlook\.office365\.com)$|protection\.outlook\.com$|\.prod\.outlook\.com$/,
    rules: [
      [/resolver\.adr\.(?:recip(?:ient)?notfound|exrecipnotfound|recipientnotfound)|recipient not found by smtp address lookup|recipient address rejected: access denied|requested action not taken: mailbox unavailable|5\.1\.1 user unknown|mailbox unavailable/, 'userunknown'],
      [/resolver\.adr\.recipientlimit|resolver\.rst\.recipsizelimit|message size exceeds|5\.3\.4/, 'emailtoolarge'],
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
  {
    // Orange / Wanadoo and La Poste (the former France PTT): every refusal ends with the server's
    // code, "OFR_506 [506]", "OFR004_104", "LPN007_426"; its last three digits name the error.
    // https://postmaster.orange.fr/ (codes d'erreur), https://postmaster.laposte.net/
    name: 'orange',
    hosts: /(?:^|\.)(?:orange\.(?:fr|com)|wanadoo\.(?:fr|com)|laposte\.(?:net|fr)|francetelecom\.(?:fr|com)|voila\.fr)$/,
    rules: [
      [/\b(?:ofr|lpn)\d*_(?:416|418)\b|adresse d.au moins un destinataire invalide/, 'userunknown'],
      [/\b(?:ofr|lpn)\d*_(?:417|431)\b|boite du destinataire pleine|recipient overquota/, 'mailboxfull'],
      [/\b(?:ofr|lpn)\d*_(?:420|426)\b|le compte du destinataire est bloqu|the recipient account is blocked|boite du destinataire archiv|archived recipient/, 'suspend'],
      [/\b(?:ofr|lpn)\d*_(?:403|405|415|421)\b|emetteur invalide|invalid sender|mail from not owned by user/, 'rejected'],
      [/\b(?:ofr|lpn)\d*_401\b/, 'authfailure'],
      [/\b(?:ofr|lpn)\d*_(?:305|402)\b|authentification requise|code d.authentification invalide/, 'securityerror'],
      [/\b(?:ofr|lpn)\d*_506\b/, 'spamdetected'],
      [/\b(?:ofr|lpn)\d*_514\b|taille limite du message atteinte/, 'emailtoolarge'],
      [/\b(?:ofr|lpn)\d*_630\b/, 'policyviolation'],
      [/\b(?:ofr|lpn)\d*_104\b|trop de connexions/, 'ratelimited'],
      // "Service refusé. Veuillez essayer plus tard." with 103, 108, 109, 510, 999: the client is refused
      [/\b(?:ofr|lpn)\d*_(?:103|108|109|510|999)\b|service refus[eé]/, 'blocked'],
    ],
  },
  {
    // NTT docomo (docomo.ne.jp). A recipient that exists but refuses the sender by its reception
    // settings (designated or refused domains and addresses) is answered "550 Unknown user" only
    // after the message is sent, at the end of DATA; at RCPT the words mean what they say.
    name: 'nttdocomo',
    hosts: /(?:^|\.)(?:docomo\.ne\.jp|mopera\.net|docomo\.blackberry\.com)$/,
    rules: [[/unknown user/, 'rejected', { commands: ['DATA'] }]],
  },
  {
    // au by KDDI (ezweb.ne.jp, au.com): its filter refuses a sender with "550 : User unknown", an
    // empty address where an unknown user's reply names the address, "550 <addr>: User unknown"
    name: 'au',
    hosts: /(?:^|\.)(?:ezweb\.ne\.jp|au\.com)$/,
    rules: [
      [/(?:^|[\s\]]): user unknown/, 'filtered'],
      [/>: user unknown/, 'userunknown'],
    ],
  },
  {
    // https://www.facebook.com/postmaster/response_codes (RCP-P1, POL-P2, ...)
    name: 'facebook',
    hosts: /(?:^|\.)(?:facebook\.com|facebookmail\.com)$/,
    rules: [
      [/\brcp-p1\b/, 'userunknown'],
      [/\brcp-p[23]\b|refused due to recipient preferences/, 'filtered'],
      [/\bmsg-p1\b/, 'emailtoolarge'],
      [/\bpol-p7\b/, 'authfailure'],
      [/\bpol-p[12]\b/, 'blocked'],
      [/\bdns-p[123]\b/, 'rejected'],
      [/\bcon-t[1-4]\b/, 'ratelimited'],
    ],
  },
  {
    // GoDaddy (secureserver.net): "IB607" style codes, https://x.co/rlbounce
    name: 'godaddy',
    hosts: /(?:^|\.)secureserver\.net$/,
    rules: [
      [/\bib60[78]\b|sent to too many recipients this (?:hour|minute|day)/, 'ratelimited'],
      [/\bib401\b|authentication not allowed on ibsmtp/, 'securityerror'],
      [/\bib50[1-6]\b/, 'rejected'],
      [/\bib705\b|virus infected message rejected/, 'virusdetected'],
      [/\bib10[1-9]\b|\bib11[0-3]\b|poor reputation on cloudmark/, 'blocked'],
    ],
  },
  {
    // Tencent QQ Mail and Exmail: https://service.mail.qq.com/detail/122/ (one page per reply)
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
  },
  {
    // Spectrum / Charter / Time Warner (Road Runner): "AUP#In-1310", "AUP#Out-1000"; the number
    // names the error, https://www.spectrum.net/support/internet/understanding-email-error-codes
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
  },
  {
    // Mimecast, https://community.mimecast.com/docs/DOC-1369 (SMTP error codes)
    name: 'mimecast',
    hosts: /(?:^|\.)mimecast(?:-offshore)?\.(?:com|co\.za)$/,
    rules: [
      // the sending host is not in the networks the organisation's policy admits
      [/host network not allowed|anti-spoofing policy|rejected by policy/, 'policyviolation'],
      [/ip reputation|reputation - \(reject\)/, 'badreputation'],
    ],
  },
  {
    // Apple iCloud Mail (icloud.com, me.com, mac.com), https://support.apple.com/en-us/102322 (HT204137)
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
  },
  {
    // i.ua, email.ua, ua.fm: "See http://mail.i.ua/err/3/", the number names the error
    name: 'iua',
    hosts: /(?:^|\.)(?:i\.ua|email\.ua|ua\.fm)$/,
    rules: [
      [/mail\.i\.ua\/err\/2\//, 'userunknown'],
      [/mail\.i\.ua\/err\/3\/|mailbox is frozen/, 'suspend'],
      [/mail\.i\.ua\/err\/4\//, 'mailboxfull'],
      [/mail\.i\.ua\/err\/5\//, 'ratelimited'],
      [/mail\.i\.ua\/err\/[16]\//, 'norelaying'],
      [/mail\.i\.ua\/err\/[79]\//, 'blocked'],
      [/mail\.i\.ua\/err\/8\//, 'rejected'],
      [/mail\.i\.ua\/err\/10\//, 'filtered'],
    ],
  },
  {
    // Symantec / Broadcom Email Security.cloud (MessageLabs)
    name: 'messagelabs',
    hosts: /(?:^|\.)messagelabs\.com$/,
    rules: [
      [/please turn on smtp authentication|not permitted to relay through this server without authentication/, 'securityerror'],
      [/envelope sender domain must exist/, 'rejected'],
    ],
  },
  {
    // Cox Communications: the code at the end of the reply, https://www.cox.com/residential/support/email-error-codes.html
    name: 'cox',
    hosts: /(?:^|\.)cox\.net$/,
    rules: [
      [/\bcxdns\b/, 'requireptr'],
      [/\bcxsndr\b/, 'rejected'],
      [/\bcx(?:cnct|mxrt)\b/, 'ratelimited'],
      [/\burlbl\d+\b/, 'spamdetected'],
      [/\b(?:cxbl|cdrbl|ipbl\d+|rrbl\d+)\b/, 'blocked'],
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
  command: string | null = null,
): { provider: string; reason: Reason } | null {
  const p = providerFor(remoteMta, address);
  if (!p || !lowerText) return null;
  for (const [re, reason, when] of p.rules) {
    if (when && (command === null || !when.commands.includes(command))) continue;
    if (re.test(lowerText)) return { provider: p.name, reason };
  }
  return null;
}
