// The order in which reasons are tried. Earlier reasons are the more specific: "mailbox full" in a
// 5.1.1 reply is a full mailbox; "blocked" in a 5.1.1 reply is a block, not an unknown user.
import type { Reason } from '../../vocabulary/index.js';
import { MAILBOX_OWNER_PHRASES, type Phrase } from './phrases.js';

/** Tried against the enhanced status and the text. */
export const FIRST_PASS: readonly Reason[] = [
  'mailboxfull', 'emailtoolarge', 'suspend', 'hasmoved', 'norelaying', 'authfailure', 'userunknown',
  'filtered', 'requireptr', 'notcompliantrfc', 'badreputation', 'rejected', 'hostunknown', 'spamdetected',
  'ratelimited', 'blocked',
];

/** Tried against the text only, when the first pass found nothing. */
export const SECOND_PASS: readonly Reason[] = [
  'mailboxfull', 'emailtoolarge', 'suspend', 'userunknown', 'filtered', 'rejected', 'hostunknown',
  'spamdetected', 'ratelimited', 'blocked', 'policyviolation', 'virusdetected', 'norelaying', 'authfailure',
  'failedstarttls', 'securityerror', 'systemfull', 'systemerror', 'networkerror', 'expired', 'contenterror',
  'notaccept', 'mailererror', 'suppressed', 'syntaxerror',
];

/** A status that names a reason is not taken when the text says one of these instead. */
export const CONTRADICTS: Partial<Record<Reason, readonly Reason[]>> = {
  userunknown: ['norelaying', 'blocked', 'mailboxfull', 'hasmoved', 'rejected', 'notaccept'],
  // a name server that fails says nothing about the domain
  hostunknown: ['norelaying', 'blocked', 'rejected', 'networkerror'],
  filtered: [],
  // Gmail's "4.2.1 The user you are trying to contact is receiving mail too quickly" is a rate
  suspend: ['ratelimited'],
  // Exchange Online answers an address it does not have "5.4.1 Recipient address rejected: Access denied"
  norelaying: ['userunknown'],
};

/**
 * In the first pass, when a reason's phrases count. Who refuses and when tells what the words
 * mean: "user unknown" answered to RCPT is an unknown user; the same words once the message was
 * seen (or with no command known) mean the content was refused for that recipient.
 */
export interface TextCondition {
  /** the phrases count only at these SMTP commands */
  commands?: readonly string[];
  /** the phrases do not count at these commands (an unknown command is allowed) */
  notCommands?: readonly string[];
  /** ... or when the status names no reason at all */
  orStatusSilent?: boolean;
  /** ... or when the enhanced status has this subject (its middle number: 1 is the address) */
  orStatusSubject?: string;
  /** other words that mean this reason at these commands: another reason's phrases, or literal ones */
  also?: ReadonlyArray<{
    reasons?: readonly Reason[];
    phrases?: readonly Phrase[];
    commands?: readonly string[];
    notCommands?: readonly string[];
    /** not when the enhanced status has this subject */
    notStatusSubject?: string;
  }>;
  /** the phrases do not count when the status names one of these reasons */
  notWhenStatus?: readonly Reason[];
  /** ... except at these commands */
  notWhenStatusExceptAt?: readonly string[];
  /** the phrases do not count when the text also says one of these, more precise, reasons */
  notWhenTextSays?: readonly Reason[];
  /** when the status names this reason, it is taken only if the text says it too */
  statusNeedsText?: boolean;
  /** neither the status nor the words name this reason at these commands */
  neverAtCommands?: readonly string[];
}

export const TEXT_CONDITIONS: Partial<Record<Reason, TextCondition>> = {
  // a refusal at MAIL FROM is about the sender, whatever the words
  // "User unknown" counts as an unknown user when it answered RCPT, or when the status blames the
  // address (5.1.x); said after RCPT or at a stage not known, a filter may have said it (see filtered),
  // unless they are the mailbox host's own words about its directory.
  // "5.2.1 ... User unknown": answered to RCPT, the address is unknown; after it (or at a command
  // not known) the status, a mailbox that refuses the message, says more than the words
  userunknown: {
    commands: ['RCPT'],
    orStatusSubject: '1',
    also: [{ phrases: MAILBOX_OWNER_PHRASES, notCommands: ['MAIL'] }],
    neverAtCommands: ['MAIL'],
    notWhenStatus: ['filtered'],
    notWhenStatusExceptAt: ['RCPT'],
  },
  hostunknown: { notCommands: ['MAIL'], neverAtCommands: ['MAIL'] },
  // "rejected as spam by the content filter" names what the filter found
  filtered: {
    notCommands: ['RCPT', 'MAIL'],
    notWhenTextSays: ['spamdetected', 'virusdetected'],
    also: [{ reasons: ['userunknown'], notCommands: ['RCPT', 'MAIL'], notStatusSubject: '1' }],
    statusNeedsText: true,
  },
  // "access denied" to MAIL FROM refuses the sender; at the greeting it refuses the client
  rejected: { commands: ['MAIL', 'DATA'], orStatusSilent: true, also: [{ phrases: ['access denied'], commands: ['MAIL'] }] },
  blocked: { also: [{ phrases: ['access denied'], commands: ['CONN', 'HELO', 'EHLO'] }] },
};
