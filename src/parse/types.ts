import type { Action, BounceType, Reason, ReportKind } from '../vocabulary/index.js';

// the vocabulary lives in a leaf module that the classifier reads too; re-exported for library users
export * from '../vocabulary/index.js';

/**
 * What the parser read about one recipient: the facts, before any classification. The classifier
 * (src/classify) turns them into a reason and a bounce type.
 */
export interface RecipientFacts {
  address: string;
  /** the address the sender used, when it differs from `address` (Original-Recipient, an alias
   * "expanded from"); null otherwise */
  alias: string | null;
  action: Action | null;
  /** enhanced status code X.Y.Z (RFC 3463), or null */
  status: string | null;
  /** SMTP reply code (RFC 5321), or null */
  smtpCode: number | null;
  remoteMta: string | null;
  /** the remote server's text, as reported (reply code and status cut off) */
  diagnostic: string | null;
  /** SMTP command at which delivery failed (RCPT, DATA, MAIL, ...), when known */
  command: string | null;
  /** Diagnostic-Code type: `smtp`, `x-unix`, ... */
  diagnosticType: string | null;
  /** the cause a format's own fixed sentence names (a decoder's hint), else null */
  hint: Reason | null;
}

/** How a message is read. */
export interface ParseOptions {
  /** `generic-only` switches every named format decoder off (and, in parseBounce, the provider
   * tables): the standard parts (RFC 3464, ARF, RFC 3834) and the last-resort reader remain, which
   * is what a format never seen gets */
  decoders?: 'all' | 'generic-only';
}

/** A report as the parser read it: recipients carry facts only. */
export interface ParsedReport extends Omit<BounceReport, 'recipients'> {
  recipients: RecipientFacts[];
}

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
  /** the rule that decided the reason: `builtin:userunknown#phrase-12`, `rules/local.toml:7`, ... */
  rule: string;
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
