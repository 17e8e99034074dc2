// https://learn.microsoft.com/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/
import type { ProviderRules } from '../provider-rules.js';

export const microsoft: ProviderRules = {
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
};
