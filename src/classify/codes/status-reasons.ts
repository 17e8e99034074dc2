/**
 * Enhanced status codes whose subject.detail alone determines the Reason, ignoring the
 * class (4.2.2 and 5.2.2 are both mailboxfull). Modelled on Sisimai::SMTP::Status, narrowed
 * to codes that are not routinely reused for other meanings. Generic codes (X.0.0, X.7.1,
 * X.5.0...) are deliberately absent: the diagnostic text must decide.
 */
import type { Reason } from '../../parse/types.js';

export const STATUS_REASONS: Readonly<Record<string, Reason>> = {
  '1.1': 'userunknown',
  '1.2': 'hostunknown',
  // invalid mailbox syntax can never be delivered; Sisimai calls it userunknown too
  '1.3': 'userunknown',
  // X.1.4 (ambiguous address) omitted: servers use it both for real ambiguity and for filtering
  '1.6': 'hasmoved',
  // X.1.7 and X.1.8 are about the sender's address, not the recipient
  '1.7': 'rejected',
  '1.8': 'rejected',
  '1.10': 'notaccept',

  '2.1': 'suspend',
  '2.2': 'mailboxfull',
  // per-mailbox size limit; Sisimai's exceedlimit is exactly this code
  '2.3': 'exceedlimit',
  // a list that cannot be expanded is a fault of the receiving system
  '2.4': 'systemerror',

  '3.1': 'systemfull',
  // "not accepting network messages" is mostly 4.3.2 "shutting down": a host state, not a dead domain
  '3.2': 'systemerror',
  '3.3': 'systemerror',
  '3.4': 'mesgtoobig',
  '3.5': 'systemerror',

  // X.4.1 omitted: Exchange Online sends "5.4.1 Recipient address rejected: Access denied" for unknown users
  '4.2': 'networkerror',
  '4.3': 'systemerror',
  // "unable to route" is what MTAs report for domains without usable MX/A records
  '4.4': 'hostunknown',
  // congestion is the receiver shedding load ("421 4.4.5 Server busy")
  '4.5': 'toomanyconn',
  '4.6': 'networkerror',
  '4.7': 'expired',

  '5.1': 'syntaxerror',
  '5.2': 'syntaxerror',
  // too many recipients is a protocol-level limit the sender must respect (Sisimai: syntaxerror)
  '5.3': 'syntaxerror',
  '5.4': 'syntaxerror',
  '5.5': 'syntaxerror',
  '5.6': 'syntaxerror',

  // X.6.0 omitted: some filters use it for spam/virus rejections
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

  // X.7.2-X.7.12: list policy, S/MIME-style crypto and SMTP AUTH failures, Sisimai's securityerror
  '7.2': 'securityerror',
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
  // the receiver's policy refuses mail at this MT-PRIORITY
  '7.15': 'policyviolation',
  '7.16': 'mesgtoobig',
  // RRVS: the address now belongs to someone else, so the old recipient is gone
  '7.17': 'hasmoved',
  '7.18': 'hasmoved',
  // X.7.19 omitted: an inconclusive RRVS check says nothing about the recipient
  '7.20': 'authfailure',
  '7.21': 'authfailure',
  '7.22': 'authfailure',
  '7.23': 'authfailure',
  '7.24': 'authfailure',
  '7.25': 'requireptr',
  '7.26': 'authfailure',
  // the *sender's* domain has null MX, so it is the sender that is refused, not the recipient
  '7.27': 'rejected',
  // "similar abusive messages" is a spam verdict, not a rate limit
  '7.28': 'spamdetected',
  '7.29': 'authfailure',
  // the message demands REQUIRETLS and the path cannot provide it
  '7.30': 'failedstarttls',
};

const STATUS_RE = /^([245])\.(\d{1,3})\.(\d{1,3})$/;

/** Reason implied by an exact 'C.S.D' code alone, or null when the text must decide. */
export function reasonForStatus(status: string): Reason | null {
  const m = STATUS_RE.exec(status);
  if (!m) return null;
  // any 2.X.X means the message got through, whatever the subject (e.g. 2.6.4 conversion with loss)
  if (m[1] === '2') return 'delivered';
  return STATUS_REASONS[`${Number(m[2])}.${Number(m[3])}`] ?? null;
}
