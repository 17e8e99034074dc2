// RFC 5965 Abuse Reporting Format (and RFC 6591 authentication failure reports). A complaint
// names who complained: Original-Rcpt-To / Removal-Recipient, else the To of the reported message.
// Microsoft's JMRP reports are not multipart/report but carry the recipient in X-HmXmrOriginalRecipient.
import type { FeedbackReport } from '../types.js';
import { header, headerAll, parseHeaders } from '../mime.js';
import { cleanAddress, findAddresses } from '../text-tools.js';
import { typedValue } from '../dsn-fields.js';
import type { DecodeContext, Decoded } from './types.js';

export function isComplaint({ m }: DecodeContext): boolean {
  if (m.feedbackText !== null) return true;
  const ct = header(m.headers, 'content-type') ?? '';
  if (/report-type\s*=\s*"?feedback-report/i.test(ct)) return true;
  // Microsoft JMRP / Yahoo CFL style: a forwarded copy with the complainer in a header
  const orig = m.originalHeaders;
  return !!orig && header(orig, 'x-hmxmroriginalrecipient') !== null && /complaint|abuse/i.test(m.subject);
}

export function parseFeedback(text: string | null): FeedbackReport {
  const fields = parseHeaders((text ?? '').replace(/\n[ \t]*\n/g, '\n'));
  const one = (n: string) => header(fields, n);
  const addr = (v: string | null) => (v ? cleanAddress(typedValue(v).value) : null);
  return {
    feedbackType: one('feedback-type')?.toLowerCase().trim() ?? null,
    userAgent: one('user-agent'),
    originalMailFrom: addr(one('original-mail-from')),
    originalRcptTo: headerAll(fields, 'original-rcpt-to').map(addr).filter((a): a is string => !!a),
    removalRecipient: headerAll(fields, 'removal-recipient').map(addr).filter((a): a is string => !!a),
    sourceIp: one('source-ip')?.trim() ?? null,
    arrivalDate: one('arrival-date') ?? one('received-date'),
    reportedDomain: one('reported-domain'),
    authFailure: one('auth-failure')?.toLowerCase().trim() ?? null,
  };
}

export function decodeComplaint(ctx: DecodeContext): Decoded & { feedback: FeedbackReport } {
  const { m } = ctx;
  const feedback = parseFeedback(m.feedbackText);
  if (!feedback.feedbackType && !m.feedbackText) feedback.feedbackType = 'abuse';
  let addresses = [...feedback.originalRcptTo, ...feedback.removalRecipient];
  const orig = m.originalHeaders;
  if (addresses.length === 0 && orig) {
    const jmrp = header(orig, 'x-hmxmroriginalrecipient');
    addresses = jmrp ? findAddresses(jmrp) : headerAll(orig, 'to').flatMap((v) => findAddresses(v));
  }
  const seen = new Set<string>();
  const recipients = addresses
    .filter((a) => !seen.has(a.toLowerCase()) && seen.add(a.toLowerCase()))
    .map((address) => ({ address, action: null, reason: 'feedback' as const, diagnostic: feedback.feedbackType }));
  return { recipients, arrivalDate: feedback.arrivalDate, feedback, kind: 'complaint' };
}
