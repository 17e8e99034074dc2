// hostunknown: the domain does not exist (hard).
import type { ReasonRules } from '../reason-rules.js';

export const hostunknown: ReasonRules = {
  reason: 'hostunknown',
  type: 'hard',
  statuses: [
    '1.2',
    // "unable to route" permanently: the domain has no usable MX or A record
    '5.4.4',
  ],
  neverAt: ['MAIL'],
  statusContradictedBy: ['norelaying', 'blocked', 'rejected', 'networkerror'],
  // "Sender domain example.org does not exist": the domain that does not resolve is the sender's
  wordsYieldTo: ['rejected'],
  // a lookup that failed for now ("Host not found, try again", SERVFAIL) says nothing of the domain
  // (not the advice to "check the domain and try again")
  unlessSaid: ['not found, try again', 'servfail', 'temporary failure in name resolution', 'temporarily unable to resolve'],
  whenTemporary: 'networkerror',
  phrases: [
    {
      text: [
        'host unknown', 'unknown host', 'host or domain name not found', 'domain not found',
        'domain does not exist', 'domain unknown', 'unknown domain', 'no such domain', 'name or service not known',
        'host name lookup failure', 'domain name not found', 'recipient domain not found', 'domain is not reachable',
        "couldn't find any host named", 'could not find any host named', 'domain must exist', 'recipient domain must exist',
        'recipient address rejected: domain not found', 'recipient address rejected: unknown domain', 'illegal host/domain name found',
        'unrouteable mail domain', 'unroutable mail domain',
        // Exim's own verdict when no router can route the address: its domain does not resolve
        'unrouteable address', 'unroutable address', 'the account or domain may not exist', 'host unreachable',
        'no mx record', 'no mx or a record', 'nxdomain', 'unknown or illegal domain', 'domain is not configured',
        'this domain is not hosted here', 'domain does not accept mail for', 'unknown domain name', 'domain name does not exist',
        // "example.org does not exist": a dotted name that starts a word (one scan per word, not per
        // character), and not an address ("user a@example.org does not exist" is about the user)
        // "DNS lookup failure: host mx.example.org not found": a named host (not "host not found, try again")
        /\bhost [^\s,]+\.[^\s,]+ not found\b/,
        /\bdomain (?:\S+ )?does not exist\b/, /(?:^|\s)[^\s.@<>]+(?:\.[^\s.@<>]+)+ does not exist\b/,
        // MailEnable: "the domain name (example.com) does not appear to be registered"
        /\bdomain name (?:\(\S+\) |\S+ )?does not appear to be registered\b/,
      ],
    },
  ],
};
