// A notice that a message was delivered or relayed, come without its status part (the part that
// alone would say "Action: delivered"): Exchange's "Delivered: ..." and "Relayed: ..." passed on as
// text, a "Delivery Status Notification (Success)" in plain words. The recipients it lists got the
// message; the last resort must not read them as failed ones.
import { header } from '../mime.js';
import { cleanAddress } from '../text-tools.js';
import type { DecodeContext, Decoded } from './types.js';
import { reportPartOf } from './last-resort/report-part.js';

// Data: the subjects and the sentences of such notices
const SUCCESS_SUBJECT = /\((?:success|relayed|delivered)\)|^\s*(?:delivered|relayed|zugestellt|remis|entregado|consegnato|bezorgd|entregue)\s*:|\bsuccessful(?:ly)? (?:mail )?deliver|\bdelivery (?:has been |was )?successful/i;
const SUCCESS_SAYS = /\bdelivery to (?:the following|these) recipients?(?: or groups)? (?:succeeded|was successful|is complete)|\b(?:has been|was|were|have been) (?:successfully )?(?:delivered|relayed) to\b|\bsuccessfully delivered\b/i;
// a server's failure reply quoted: never in a notice of success
const QUOTES_FAILURE = /(?:^|[\s(\[:;#])(?:[45]\d\d[ -]|[45]\.\d{1,3}\.\d{1,3}\b)/m;
// a line that holds one address (Exchange adds it again in parentheses: "a@b (a@b)")
const LISTED = /^\s*(?:[-*•]\s*)?<?([^\s@<>()"',;]+@[^\s<>()"',;]+?)>?(?:\s+\([^()\n]{1,200}\))?\s*$/;

/** a notice of delivery without its status part (no failure reply quoted in it) */
export function isSuccessNotice({ m }: DecodeContext): boolean {
  if (!SUCCESS_SUBJECT.test(m.subject)) return false;
  const { report } = reportPartOf(m);
  return SUCCESS_SAYS.test(report.replace(/\s+/g, ' ')) && !QUOTES_FAILURE.test(report);
}

/** The addresses the notice lists one to a line: delivered (not the notice's own sender or
 * addressee). */
export function decodeSuccessNotice({ m }: DecodeContext): Decoded | null {
  const own = new Set(['from', 'to'].map((n) => cleanAddress(header(m.headers, n))?.toLowerCase()));
  const seen = new Set<string>();
  // "Relayed: ..." passed it on to a system that sends no notice of delivery: relayed, not delivered
  const action = /^\s*relayed\s*:|\(relayed\)/i.test(m.subject) ? ('relayed' as const) : ('delivered' as const);
  const recipients = [];
  for (const line of reportPartOf(m).report.split('\n')) {
    const address = LISTED.exec(line)?.[1];
    if (!address || own.has(address.toLowerCase()) || seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    recipients.push({ address, action, diagnostic: null });
    if (recipients.length >= 50) break;
  }
  return recipients.length ? { recipients } : null;
}
