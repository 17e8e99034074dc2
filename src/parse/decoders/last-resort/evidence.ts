// Is this message a delivery report at all? Decided from structure and body, each mark adding to
// or taking from the confidence: a delivery-status part or an X-Failed-Recipients header is enough
// on its own; a mailer-daemon sender, a bounce subject, a failure sentence in the body, a heading
// with addresses after it or a returned message each count. List headers, a reply prefix and `Auto-Submitted: auto-replied`
// lower the confidence but never veto it: mail systems send reports with all three. Only what no
// report ever is (a challenge to prove one is human, a lure) vetoes.
import { header } from '../../mime.js';
import type { DecodeContext } from '../types.js';
import { fromDaemon, subjectMatches } from '../detect.js';
import { isChallenge, isListMail, isLure, isOwnMailboxNotice, isPersonalReply } from '../not-report.js';
import { isSuccessNotice } from '../success-notice.js';
import { BOUNCE_SUBJECTS, DELIVERY_FAILED, RECIPIENT_HEADING, lowerCased } from './vocabulary.js';
import { reportPartOf } from './report-part.js';
import { hasAutoReplySubject } from '../auto-reply.js';

// a server's reply code or an enhanced status code, as reports quote them
const QUOTES_CODE = /(?:^|[\s(\[:;#])(?:[45]\d\d[ -]|[45]\.\d{1,3}\.\d{1,3}\b)/m;
const ENOUGH = 2;
const bounceSubject = subjectMatches(BOUNCE_SUBJECTS);
// a heading with the addresses it introduces after it ("Could not be delivered to: <a@b>")
const LISTS_ADDRESSES = lowerCased(new RegExp(`(?:${RECIPIENT_HEADING.source})(?:(?<=[:：])|[^\\n]{0,40}[:：])\\s*<?[^\\s<>@]+@[^\\s<>@]+\\.[a-z]`));

/** The message says it is a delivery report by its structure. */
export function hasStatusPart({ m }: DecodeContext): boolean {
  if (m.dsnText !== null) return true;
  const ct = header(m.headers, 'content-type') ?? '';
  return /report-type\s*=\s*"?(?:delivery-status|global-delivery-status)/i.test(ct);
}

/** The confidence that the message is a report. Marks are weighed cheapest first; with a threshold
 * `enough`, the body is read only while it can still decide (the score is below it and can reach it). */
export function reportConfidence(ctx: DecodeContext, enough = Infinity): number {
  const { m } = ctx;
  let score = 0;
  if (hasStatusPart(ctx)) score += 3;
  if (header(m.headers, 'x-failed-recipients') !== null) score += 3;
  if (fromDaemon(ctx)) score += 2;
  const reportSubject = bounceSubject(ctx) && !hasAutoReplySubject(m.subject);
  if (reportSubject) score += 1;
  if (isListMail(ctx)) score -= 1;
  if (isPersonalReply(ctx)) score -= 2;
  // a notice to a mailbox's owner about the mailbox (nearly full, mail to them held): what it says
  // may fail is the owner's future mail, not a message the reader sent
  if (isOwnMailboxNotice(ctx)) score -= 2;
  // a notice of success come without its status part (which alone would tell it delivered)
  if (!hasStatusPart(ctx) && isSuccessNotice(ctx)) score -= 3;
  // auto-replied is what a vacation reply says, and many mail systems too: it counts against a
  // message that quotes no reply code, unless its subject says it is a report ("Message delivery
  // failure", "Undeliverable: ...": no vacation reply is titled so; "Automatic reply: Your delivery
  // failed" is one, to a parcel service)
  if (!reportSubject && /^\s*auto-replied/i.test(header(m.headers, 'auto-submitted') ?? '') && !QUOTES_CODE.test(m.text.slice(0, 8192))) score -= 1;
  // what the body may add, each mark 1: a failure sentence, a heading with addresses after it, the
  // returned message (attached or quoted inline after the report)
  const marks = [
    () => DELIVERY_FAILED.test(m.text.slice(0, 8192).replace(/\s+/g, ' ')),
    () => LISTS_ADDRESSES.test(m.text.slice(0, 8192)),
    () => m.originalHeaders !== null || reportPartOf(m).original !== null,
  ];
  for (const [i, mark] of marks.entries()) {
    if (score >= enough || score + marks.length - i < enough) break;
    if (mark()) score += 1;
  }
  return score;
}

/** A mail system's report that returns the message attached, whatever its words say (perhaps
 * nothing): a mailer daemon's, under a report's subject, with the returned message as a part. */
export function returnsMessageOnly(ctx: DecodeContext): boolean {
  return ctx.m.originalHeaders !== null && fromDaemon(ctx) && bounceSubject(ctx) && !isChallenge(ctx) && !isLure(ctx);
}

/** the answer for the last message asked about: the last resort asks up to three times */
let last: { m: DecodeContext['m']; answer: boolean } | null = null;

export function looksLikeReport(ctx: DecodeContext): boolean {
  if (last?.m === ctx.m) return last.answer;
  const answer = !isChallenge(ctx) && !isLure(ctx) && reportConfidence(ctx, ENOUGH) >= ENOUGH;
  last = { m: ctx.m, answer };
  return answer;
}
