/** What a report is, as a whole. */
export type ReportKind =
  | 'bounce' // at least one recipient failed
  | 'delay' // only delayed recipients
  | 'delivery-report' // delivered / relayed / expanded
  | 'complaint' // ARF feedback report
  | 'auto-reply' // RFC 3834, vacation, out-of-office
  | 'not-bounce';

export type BounceType = 'hard' | 'soft';

/** The reason vocabulary (shared with Sisimai so results compare directly). */
export const REASONS = [
  'authfailure', 'badreputation', 'blocked', 'contenterror', 'delivered', 'exceedlimit', 'expired',
  'failedstarttls', 'feedback', 'filtered', 'hasmoved', 'hostunknown', 'mailboxfull', 'mailererror',
  'mesgtoobig', 'networkerror', 'norelaying', 'notaccept', 'notcompliantrfc', 'onhold', 'policyviolation',
  'rejected', 'requireptr', 'securityerror', 'spamdetected', 'speeding', 'suppressed', 'suspend',
  'syntaxerror', 'systemerror', 'systemfull', 'toomanyconn', 'undefined', 'userunknown', 'vacation',
  'virusdetected',
] as const;
export type Reason = (typeof REASONS)[number];

/** How a message is read. */
export interface ParseOptions {
  /** `generic-only` switches every named format decoder off: the standard parts (RFC 3464, ARF,
   * RFC 3834) and the last-resort reader remain, which is what a format never seen gets */
  decoders?: 'all' | 'generic-only';
}

/** RFC 3464 Action values, plus what free-text reports imply. */
export type Action = 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded';

export interface RecipientReport {
  address: string;
  /** the address the sender used, when it differs from `address` (Original-Recipient, an alias
   * "expanded from"); null otherwise */
  alias: string | null;
  action: Action | null;
  /** enhanced status code X.Y.Z (RFC 3463), or null */
  status: string | null;
  /** SMTP reply code (RFC 5321), or null */
  smtpCode: number | null;
  type: BounceType | null;
  reason: Reason;
  remoteMta: string | null;
  /** the remote server's text, as reported */
  diagnostic: string | null;
  /** SMTP command at which delivery failed (RCPT, DATA, MAIL, ...), when known */
  command: string | null;
}

export interface OriginalMessage {
  messageId: string | null;
  from: string | null;
  to: string | null;
  subject: string | null;
  date: string | null;
  /** every header of the returned message, in order, names lower-cased, values unfolded */
  headers: Array<[string, string]>;
}

export interface FeedbackReport {
  feedbackType: string | null;
  userAgent: string | null;
  originalMailFrom: string | null;
  originalRcptTo: string[];
  removalRecipient: string[];
  sourceIp: string | null;
  arrivalDate: string | null;
  reportedDomain: string | null;
  authFailure: string | null;
}

export interface BounceReport {
  kind: ReportKind;
  /** which decoder recognised it ('rfc3464', 'arf', 'rfc3834', 'postfix', 'gmail', ...) or null */
  format: string | null;
  reportingMta: string | null;
  arrivalDate: string | null;
  subject: string | null;
  from: string | null;
  messageId: string | null;
  recipients: RecipientReport[];
  original: OriginalMessage | null;
  /** present on complaints */
  feedback?: FeedbackReport;
  /** what was wrong with the input; never thrown */
  problems: string[];
}
