/**
 * Enhanced status codes that name a reason. Keys are either a full code ('4.2.1') or a
 * class-independent 'subject.detail' ('2.2'); a full code wins. The mapping follows the
 * conventions of Sisimai::SMTP::Status (the reference our labels come from) and the registry
 * meanings. Codes that servers reuse for many things (X.0.0, 4.7.0, X.5.x except the few below)
 * are absent, and some mapped ones are only a first guess that the server's text may overrule
 * (see RETRIED_STATUS_REASONS).
 */
import type { Reason } from '../../vocabulary/index.js';

export const STATUS_REASONS: Readonly<Record<string, Reason>> = {
  '1.0': 'userunknown',
  '1.1': 'userunknown',
  '1.2': 'hostunknown',
  // invalid mailbox syntax can never be delivered
  '1.3': 'userunknown',
  // an ambiguous address is refused by the receiving side's own filtering
  '1.4': 'filtered',
  '1.6': 'hasmoved',
  // X.1.7 and X.1.8 are about the sender's address, not the recipient
  '1.7': 'rejected',
  '1.8': 'rejected',
  '1.9': 'systemerror',
  // RFC 7505: the domain publishes a null MX and accepts no mail
  '1.10': 'notaccept',

  // "other mailbox status" and "mailbox disabled, not accepting messages": permanently refused
  '5.2.0': 'filtered',
  '5.2.1': 'filtered',
  '4.2.1': 'suspend',
  '2.2': 'mailboxfull',
  '2.3': 'emailtoolarge',
  '2.4': 'filtered',

  '3.1': 'systemfull',
  '3.2': 'notaccept',
  '3.3': 'systemerror',
  '3.4': 'emailtoolarge',
  '3.5': 'systemerror',

  '5.4.0': 'networkerror',
  '4.4.1': 'expired',
  // "5.4.1 no answer from host" is used by Exchange for relaying refusals
  '5.4.1': 'norelaying',
  '4.2': 'networkerror',
  '4.3': 'systemerror',
  '4.4.4': 'networkerror',
  // "unable to route" permanently: the domain has no usable MX or A record
  '5.4.4': 'hostunknown',
  '4.4.5': 'systemfull',
  '5.4.5': 'networkerror',
  '4.6': 'networkerror',
  '4.7': 'expired',

  '5.5.0': 'syntaxerror',
  '5.1': 'syntaxerror',
  '5.2': 'syntaxerror',
  '4.5.3': 'ratelimited',
  '5.5.3': 'emailtoolarge',
  '5.4': 'syntaxerror',
  '5.5': 'syntaxerror',
  '5.6': 'syntaxerror',

  '6.0': 'contenterror',
  '6.1': 'contenterror',
  '6.2': 'contenterror',
  '6.3': 'contenterror',
  '6.4': 'contenterror',
  '6.5': 'contenterror',
  '6.6': 'contenterror',
  // SMTPUTF8 failures: the message (or its addresses) cannot be carried as composed
  '6.7': 'contenterror',
  '6.8': 'contenterror',
  '6.9': 'contenterror',
  '6.10': 'contenterror',

  '5.7.0': 'securityerror',
  // "delivery not authorized": temporarily it is a block of the sending host
  '4.7.1': 'blocked',
  '5.7.1': 'securityerror',
  '4.7.2': 'blocked',
  '5.7.2': 'securityerror',
  '7.3': 'securityerror',
  '7.4': 'securityerror',
  '7.5': 'securityerror',
  '7.6': 'securityerror',
  '7.7': 'securityerror',
  '7.8': 'securityerror',
  '7.9': 'securityerror',
  '7.10': 'securityerror',
  '7.11': 'securityerror',
  '7.12': 'securityerror',
  '7.13': 'suspend',
  '7.14': 'securityerror',
  '7.15': 'securityerror',
  '7.16': 'emailtoolarge',
  // RRVS: the address now belongs to someone else, so the old recipient is gone
  '7.17': 'hasmoved',
  '7.18': 'hasmoved',
  '7.19': 'securityerror',
  '7.20': 'authfailure',
  '7.21': 'authfailure',
  '7.22': 'authfailure',
  '7.23': 'authfailure',
  '7.24': 'authfailure',
  '7.25': 'requireptr',
  '7.26': 'authfailure',
  // RFC 7505 again: the recipient's domain has a null MX
  '7.27': 'notaccept',
  // "similar abusive messages": a spam verdict
  '7.28': 'spamdetected',
  '7.29': 'authfailure',
  // the message demands REQUIRETLS and the path cannot provide it
  '7.30': 'failedstarttls',
};

/** Reasons a status names only vaguely: the server's text is tried first and wins when it says more. */
export const RETRIED_STATUS_REASONS: ReadonlySet<Reason> = new Set([
  'securityerror', 'systemerror', 'networkerror', 'expired', 'syntaxerror', 'hostunknown', 'userunknown',
]);

const STATUS_RE = /^([245])\.(\d{1,3})\.(\d{1,3})$/;

/** Reason implied by an exact 'C.S.D' code, or null when the text must decide. */
export function reasonForStatus(status: string): Reason | null {
  const m = STATUS_RE.exec(status);
  if (!m) return null;
  // any 2.X.X means the message got through, whatever the subject (e.g. 2.6.4 conversion with loss)
  if (m[1] === '2') return 'delivered';
  const sd = `${Number(m[2])}.${Number(m[3])}`;
  return STATUS_REASONS[`${m[1]}.${sd}`] ?? STATUS_REASONS[sd] ?? null;
}
