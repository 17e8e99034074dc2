// A reporting MTA that sums a refusal up in its own words and quotes the remote server's reply
// inside them (Cisco's appliances and Amazon SES, built on them): "5.1.0 - Unknown address error
// 550-'5.7.1 <a@b>... Access denied'", "554 4.4.7 Message expired: unable to deliver in 840
// minutes.<421 4.4.2 Connection timed out>". Its own status names a category ("Unknown address
// error" for any refusal at RCPT); the quoted reply says what happened.
import { splitDiagnostic } from '../smtp-codes/reply-text.js';
import { oneLine } from './text-tools.js';

// "... <421 4.4.2 Connection timed out>" at the end
const ANGLE = /<([245]\d\d[ -][245]\.\d{1,3}\.\d{1,3}\b[^<>]*)>\s*$/;
// "5.1.0 - Unknown address error 550-'...'" (the reporter's status, a dash, its category, the reply)
const CATEGORY_THEN_QUOTE = /^\s*(?:[245]\d\d[ -])?[245]\.\d{1,3}\.\d{1,3} - [^'<>]{1,80}?\b([245]\d\d)[ -]'([^']*)'/;

/** The remote server's reply quoted inside a reporter's summary, with its codes; null if none. */
export function quotedReply(raw: string): { smtpCode: number | null; status: string | null; text: string } | null {
  // most diagnostics quote nothing: asked first, without copying the text
  if (!raw.includes('<') && !(raw.includes("'") && raw.includes(' - '))) return null;
  const s = oneLine(raw);
  const angle = ANGLE.exec(s);
  const quote = angle ? null : CATEGORY_THEN_QUOTE.exec(s);
  const inner = angle ? angle[1]! : quote ? `${quote[1]} ${quote[2]}` : null;
  if (!inner) return null;
  const split = splitDiagnostic(inner);
  if (split.smtpCode === null && split.status === null) return null;
  return { smtpCode: split.smtpCode, status: split.status, text: inner };
}
