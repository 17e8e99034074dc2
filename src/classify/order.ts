// The order in which reasons are tried, in one list. Earlier reasons are the more specific: "mailbox
// full" in a 5.1.1 reply is a full mailbox; "blocked" in a 5.1.1 reply is a block, not an unknown
// user. The reasons before STATUS are tried against the enhanced status and their words, with
// their conditions; then a status that names a reason decides; then every reason's words are tried
// again, in this order, wherever they were said (a reason's `neverAt` and `notAt` still hold).
// A null MX is said in a name server's words ("DNS Error: ... the domain doesn't receive email"):
// notaccept comes before networkerror.
import type { Reason } from '../vocabulary/reasons.js';

export const STATUS = 'status' as const;

export const ORDER: ReadonlyArray<Reason | typeof STATUS> = [
  'mailboxfull', 'emailtoolarge', 'suspend', 'hasmoved', 'norelaying', 'authfailure', 'userunknown', 'filtered',
  'requireptr', 'notcompliantrfc', 'badreputation', 'rejected', 'hostunknown', 'spamdetected', 'ratelimited', 'blocked',
  STATUS,
  'policyviolation', 'virusdetected', 'failedstarttls', 'securityerror', 'notaccept', 'systemfull', 'systemerror', 'networkerror',
  'expired', 'contenterror', 'mailererror', 'suppressed', 'syntaxerror',
];
