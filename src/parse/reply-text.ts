// A server's reply read out of free text, with one guard the plain splitter lacks: an `x.y.z` is an
// enhanced status code only where a status stands: at the start of the reply, next to a reply code
// ("550 5.1.1", "550-5.1.1", "550 #5.1.1", Exchange's "#550 5.1.1"), after a word that introduces one ("Status:", "code",
// "DSN"; after a quote too: "returned '550 5.1.1"), after a colon that ends a clause ("RCPT TO not accepted: 5.7.1 ...") or in qmail's
// "(#5.4.4)". Elsewhere it is a version ("Exim 4.92.3", "X-Mailer: Foo 2.0.3"), a date or a number
// in prose, and reading it as a status would turn a failure into a delivery.
import { type SplitDiagnostic, findStatus, splitDiagnostic } from '../smtp-codes/reply-text.js';
import { collapseSpace } from '../collapse-space.js';

// (the quotes typographic too: Microsoft's localized "returned “550 5.2.2 ...”", "«550 ...»", "「550 ...」";
// and the full-width colon of Chinese and Japanese text: "原因：451 4.7.1 ...")
const INTRODUCERS = /(?:^|[\s;:(\[_'"#“‘«「『：])(?:[245]\d\d[ -]?|status(?: code)?|code|dsn|error|smtp|reason|#)\s*[:=;]?\s*[(\[#]?\s*$/i;

// the patterns by status, compiled once (there are a few dozen statuses in use)
const WRITTEN = new Map<string, RegExp>();

/** How `status` may be written: with the leading zeros ("5.01.001") the normalised form lacks. */
function writtenForm(status: string): RegExp {
  let re = WRITTEN.get(status);
  if (!re) {
    const [c, s, d] = status.split('.');
    re = new RegExp(`(^|[^\\d.])${c}\\.0*${s}\\.0*${d}(?![\\d.]*\\d)`, 'g');
    if (WRITTEN.size < 1000) WRITTEN.set(status, re);
  }
  return re;
}

/** Is `status` (as found in `text`) written where a status stands? */
export function statusInPlace(text: string, status: string): boolean {
  // exec in a loop rather than matchAll, which copies the expression on every call
  const re = writtenForm(status);
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const at = m.index + m[1]!.length;
    const before = text.slice(Math.max(0, at - 40), at);
    // the reply (or one of its lines) starts with it
    if (/^\s*(?:[(\[#]+\s*)?$/.test(text.slice(text.lastIndexOf('\n', at - 1) + 1, at))) return true;
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
  if (split.status && raw && !statusInPlace(collapseSpace(raw).trim(), split.status)) return { ...split, status: null };
  return split;
}

/** The status a line of free text carries, where one stands (findStatus with the guard). */
export function statusIn(line: string): string | null {
  const status = findStatus(line);
  return status && statusInPlace(collapseSpace(line).trim(), status) ? status : null;
}
