// RFC 3834 automatic responses: vacation and out-of-office replies, and the acknowledgements of
// autoresponders and ticket systems. They never count as bounces; a reply that says the mailbox is
// gone is reported as such by the caller.
import { header } from '../mime.js';
import { decodeHeaderValue } from '../charset.js';
import { cleanAddress } from '../text-tools.js';
import type { DecodeContext } from './types.js';
import { isChallenge, isListMail, isListManagerNotice } from './not-report.js';
import { BOUNCE_SUBJECTS, DELIVERY_FAILED } from './last-resort/vocabulary.js';
import { AWAY, GONE, SAYS_AUTOMATIC, SAYS_AWAY, SUBJECTS } from './auto-reply-words.js';

const SYSTEM_SENDER = /^(?:mailer-daemon|mailer_daemon|postmaster|mail-daemon)@/i;

/** how much of the body the words are looked for in: an automatic reply says what it is first */
const BODY = 2000;

export function isAutoReply(ctx: DecodeContext): boolean {
  const { m } = ctx;
  // a mail system is nobody away from the office, a request to prove one is human is no reply,
  // and a list manager's notice (held, rejected, not a member) answers the post, not the person
  if (SYSTEM_SENDER.test(cleanAddress(m.from) ?? '') || isChallenge(ctx) || isListManagerNotice(ctx)) return false;
  // a report's subject over a sentence of failed delivery is a report whatever its headers say
  // (mail systems send theirs with Auto-Submitted: auto-replied, from the recipient's own address);
  // not "Automatic reply: Your delivery failed", a vacation reply to a parcel service's notice
  if (BOUNCE_SUBJECTS.test(m.subject) && !hasAutoReplySubject(m.subject) && DELIVERY_FAILED.test(m.text.slice(0, BODY).replace(/\s+/g, ' '))) return false;
  const h = m.headers;
  const autoSubmitted = (header(h, 'auto-submitted') ?? '').toLowerCase();
  if (autoSubmitted.startsWith('auto-replied')) return true;
  const xAutoreply = header(h, 'x-autoreply');
  if (xAutoreply !== null && !/^\s*(?:no|false|0)\s*$/i.test(xAutoreply)) return true;
  if (header(h, 'x-autorespond') !== null || header(h, 'x-autoresponder') !== null) return true;
  if (/auto[_-]?reply/i.test(header(h, 'precedence') ?? '')) return true;
  if (/vacation/i.test(header(h, 'x-apple-action') ?? '')) return true;
  if (/vacation|autorespond|autoreply/i.test(header(h, 'x-mailer') ?? '')) return true;
  // a newsletter about holidays is no reply: an automatic reply carries no list headers of its own
  if (isListMail(ctx)) return false;
  if (hasAutoReplySubject(m.subject)) return true;
  return saysAutoReply(ctx);
}

/** The subject is an automatic reply's ("Automatic reply: ...", "Out of Office", "Urlaub"). */
export function hasAutoReplySubject(subject: string): boolean {
  return SUBJECTS.some((re) => re.test(subject));
}

/** The message says in its own words (or, for Exchange, by its subject's shape) that it is an
 * automatic reply: a reply no header or subject of ours names (a ticket system's acknowledgement,
 * an out-of-office reply under a subject in another language). Never a report's words: a subject
 * or a sentence of failed delivery rules it out. */
function saysAutoReply(ctx: DecodeContext): boolean {
  const { m } = ctx;
  if (BOUNCE_SUBJECTS.test(m.subject)) return false;
  const body = ownWords(m.text.slice(0, BODY)).replace(/\s+/g, ' ');
  const saysSo = SAYS_AUTOMATIC.some((re) => re.test(body)) || SAYS_AWAY.some((re) => re.test(body));
  const away = !saysSo && marksItselfAutomatic(m.headers) && AWAY.some((re) => re.test(body));
  return (saysSo || away || exchangeReply(m.headers, m.subject)) && !DELIVERY_FAILED.test(body);
}

// where a reply's own words end: the message it quotes or forwards
const QUOTED = /^(?:>|-{2,} ?(?:original message|forwarded message|urspr[üu]ngliche nachricht|message d'origine|mensaje original|messaggio originale)|on .{0,200} wrote:$|from: .*$)/im;

/** The words the message says itself, not those it quotes (a person's answer to an acknowledgement
 * quotes "Your request has been received"). */
function ownWords(text: string): string {
  const at = text.search(QUOTED);
  return at < 0 ? text : text.slice(0, at);
}

/** Headers by which a message says it was sent by a program (RFC 3834's Auto-Submitted, Exchange's
 * X-Auto-Response-Suppress, a bulk precedence, the null sender). */
function marksItselfAutomatic(h: DecodeContext['m']['headers']): boolean {
  if (!/^\s*(?:no)?\s*$/i.test(header(h, 'auto-submitted') ?? '')) return true;
  if (header(h, 'x-auto-response-suppress') !== null) return true;
  if (/^\s*(?:bulk|junk|list)\b/i.test(header(h, 'precedence') ?? '')) return true;
  return /^\s*<\s*>\s*$/.test(header(h, 'return-path') ?? '');
}

/** Exchange's automatic reply in any of its languages: generated (not an answer by a person), it
 * puts a prefix of its language before the subject of the message it answers, which its
 * Thread-Topic keeps ("Automatiskt svar: Offert" under "Thread-Topic: Offert"). */
function exchangeReply(h: DecodeContext['m']['headers'], subject: string): boolean {
  if (!/^\s*auto-generated/i.test(header(h, 'auto-submitted') ?? '') || header(h, 'x-auto-response-suppress') === null) return false;
  const topic = decodeHeaderValue(header(h, 'thread-topic') ?? '').trim();
  if (topic === '' || !subject.endsWith(topic)) return false;
  return /[:：]\s*$/.test(subject.slice(0, subject.length - topic.length));
}

/** Who answered: the reply's From (or Reply-To when From is a system address). */
export function autoReplyAddress({ m }: DecodeContext): string | null {
  return cleanAddress(m.from) ?? cleanAddress(header(m.headers, 'reply-to')) ?? cleanAddress(header(m.headers, 'return-path'));
}

/** An automatic reply that says the mailbox is no longer used: the address is gone. */
export function saysMailboxGone({ m }: DecodeContext): boolean {
  return GONE.test(m.text.slice(0, 4000));
}
