// The words a report is made of, other than reasons: what a report is as a whole, what happened to
// one recipient (RFC 3464 Action) and whether the failure is final. A leaf: it imports nothing.

/** What a report is, as a whole. */
export const REPORT_KINDS = [
  'bounce', // at least one recipient failed
  'delay', // only delayed recipients
  'delivery-report', // delivered / relayed / expanded
  'complaint', // ARF feedback report
  'auto-reply', // RFC 3834, vacation, out-of-office
  'not-bounce',
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** RFC 3464 Action values, plus what free-text reports imply. */
export const ACTIONS = ['failed', 'delayed', 'delivered', 'relayed', 'expanded'] as const;
export type Action = (typeof ACTIONS)[number];

export const BOUNCE_TYPES = ['hard', 'soft'] as const;
export type BounceType = (typeof BOUNCE_TYPES)[number];

/** The SMTP stages a failure is reported at (`CONN`: the connection or its greeting). */
export const SMTP_COMMANDS = ['CONN', 'HELO', 'EHLO', 'LHLO', 'STARTTLS', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'RSET', 'QUIT'] as const;
export type SmtpCommand = (typeof SMTP_COMMANDS)[number];
