// The order in which reasons are tried. Earlier reasons are the more specific: "mailbox full" in a
// 5.1.1 reply is a full mailbox; "blocked" in a 5.1.1 reply is a block, not an unknown user.
import type { Reason } from '../../parse/types.js';

/** Tried against the enhanced status and the text. */
export const FIRST_PASS: readonly Reason[] = [
  'mailboxfull', 'mesgtoobig', 'exceedlimit', 'suspend', 'hasmoved', 'norelaying', 'authfailure', 'userunknown',
  'filtered', 'requireptr', 'notcompliantrfc', 'badreputation', 'contenterror', 'rejected', 'hostunknown',
  'spamdetected', 'speeding', 'toomanyconn', 'blocked',
];

/** Tried against the text only, when the first pass found nothing. */
export const SECOND_PASS: readonly Reason[] = [
  'mailboxfull', 'spamdetected', 'policyviolation', 'virusdetected', 'norelaying', 'failedstarttls', 'securityerror',
  'systemfull', 'systemerror', 'networkerror', 'suspend', 'expired', 'contenterror', 'notaccept', 'mailererror',
  'suppressed', 'syntaxerror',
];

/** A status that names a reason is not taken when the text says one of these instead. */
export const CONTRADICTS: Partial<Record<Reason, readonly Reason[]>> = {
  userunknown: ['norelaying', 'blocked', 'mailboxfull', 'hasmoved', 'rejected', 'notaccept', 'spamdetected', 'policyviolation'],
  hostunknown: ['norelaying', 'blocked', 'rejected'],
  mailboxfull: [],
};

/** Phrases of these reasons count only when the failure came at one of these SMTP commands. */
export const TEXT_NEEDS_COMMAND: Partial<Record<Reason, readonly string[]>> = {
  // "user unknown" after DATA means the content was refused: see 'filtered'
  userunknown: ['RCPT'],
  rejected: ['MAIL'],
};
