// A server's reply read out of free text, with one guard the plain splitter lacks: an `x.y.z` is an
// enhanced status code only where a status stands: at the start of the reply, next to a reply code
// ("550 5.1.1", "550-5.1.1", "550 #5.1.1"), after a word that introduces one ("Status:", "code",
// "DSN"), after a colon that ends a clause ("RCPT TO not accepted: 5.7.1 ...") or in qmail's "(#5.4.4)". Elsewhere it is a version ("Exim 4.92.3", "X-Mailer: Foo 2.0.3"),
// a date or a number in prose, and reading it as a status would turn a failure into a delivery.
import { type SplitDiagnostic, splitDiagnostic } from '../classify/diagnostic.js';

const INTRODUCERS = /(?:^|[\s;:(\[_])(?:[245]\d\d[ -]?|status(?: code)?|code|dsn|error|smtp|reason|#)\s*[:=;]?\s*[(\[#]?\s*$/i;

/** Is `status` (as found in `text`) written where a status stands? */
export function statusInPlace(text: string, status: string): boolean {
  const [c, s, d] = status.split('.');
  // the written form may carry leading zeros ("5.01.001") the normalised one lacks
  const written = new RegExp(`(^|[^\\d.])${c}\\.0*${s}\\.0*${d}(?![\\d.]*\\d)`, 'g');
  for (const m of text.matchAll(written)) {
    const before = text.slice(Math.max(0, m.index + m[1]!.length - 40), m.index + m[1]!.length);
    if (/^\s*[(\[#]*\s*$/.test(before) && m.index + m[1]!.length - before.length <= 0) return true; // the reply starts with it
    if (/(?:^|\n)\s*[(\[#]*\s*$/.test(before)) return true;
    if (/\bv(?:ersion)?\s*[:=]?\s*$/i.test(before)) continue;
    if (INTRODUCERS.test(before) || /:\s*$/.test(before)) return true;
  }
  return false;
}

/** splitDiagnostic, keeping a status only where one stands; and a greeting's 2xx code that a
 * failure follows ("220-mx.example.org ESMTP ... 421 4.2.1 too busy") is not the reply. */
export function readReply(raw: string | null): SplitDiagnostic {
  let split = splitDiagnostic(raw);
  if (raw && split.smtpCode !== null && split.smtpCode < 400) {
    const failure = /(?:^|\s)([45][0-5]\d)[ -](?=\S)/.exec(raw);
    if (failure) split = splitDiagnostic(raw.slice(failure.index));
  }
  if (split.status && raw && !statusInPlace(raw.replace(/\s+/g, ' ').trim(), split.status)) return { ...split, status: null };
  return split;
}
