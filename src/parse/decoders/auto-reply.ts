// RFC 3834 automatic responses: vacation and out-of-office replies, and the acknowledgements of
// autoresponders and ticket systems. They never count as bounces; a reply that says the mailbox is
// gone is reported as such by the caller.
import { header } from '../mime.js';
import { decodeHeaderValue } from '../charset.js';
import { cleanAddress } from '../text-tools.js';
import type { DecodeContext } from './types.js';
import { isChallenge, isListMail, isListManagerNotice } from './not-report.js';
import { BOUNCE_SUBJECTS, DELIVERY_FAILED } from './last-resort/vocabulary.js';

// Data: subjects of out-of-office replies in the languages we see most.
const SUBJECTS: RegExp[] = [
  /^\s*(?:auto(?:matic|matische|matisch|matisk|maattinen|matyczna)?[-_ ]?(?:reply|response|respons|antwort|antwoord|svar|vastaus|odpowied[zź]|réponse|risposta|respuesta|resposta)|autoreply|autoresponse|auto[-_ ]?respond(?:er)?)\b/i,
  /^\s*auto:/i,
  // a provider's or a tool's name before it ("Yahoo! Auto Response", "[Ticket #12] AutoReply: ...")
  /\bauto[-_ ]?(?:reply|response)\b/i,
  /\bout of (?:the )?office\b|\bout-of-office\b|\booo\b/i,
  /\b(?:on )?vacation\b|\bon (?:leave|holiday|holidays)\b|\baway (?:from|until|till)\b|\bi am away\b|\bcurrently away\b/i,
  /abwesenheit|nicht im b[üu]ro|au[sß]er haus|r[ée]ponse automatique|absence|absent|risposta automatica|fuori ufficio|respuesta autom[áa]tica|fuera de la oficina|ausente|resposta autom[áa]tica|automatisch antwoord|afwezig|frånvaro|fravær|poissa|nieobecno[śs][ćc]|nepřítomnost/i,
  // the words for a holiday that such a subject is often only made of ("Urlaub bis 20.07.",
  // "Ausencia por vacaciones", "Férias", "In ferie", "En congés"): de, es, pt, it, fr, nl, pl, cs
  /\burlaub|\bausencia\b|\bvacaciones\b|\bf[ée]rias\b|\baus[êe]ncia\b|\bferie\b|\bassenza\b|\bvacanz[ae]\b|\bcong[ée]s?\b|\bvacances\b|\bvakantie\b|\burlop|\bdovolen[áé]/i,
  /不在|自動応答|自動返信|自动回复|自动答复|自動回覆|自動回復|休假|休暇|자동\s*(?:응답|회신)|부재/,
  // ru, uk, cs, tr, he
  /автоответ|автоматический ответ|нет на месте|в отпуске|автовідповідь|автоматична відповідь|відпустк|automatická odpověď|otomatik (?:yanıt|cevap)|ofiste değil|מענה אוטומטי|תשובה אוטומטית/i,
  // the prefix Outlook and Exchange put before the subject of an automatic reply, in the other
  // languages they speak: sv, pl, hu, el, ro, hr/sr/bs, sk, sl, bg, lt, lv, et, ca, vi, id, ms, th,
  // ar, fa
  /^\s*(?:automatiskt svar|odpowied[źz] automatyczna|automatikus v[áa]lasz|αυτόματη απάντηση|r[ăa]spuns automat|automatski odgovor|automatick[áa] odpove[ďd]|samodejni odgovor|автоматичен отговор|automatinis atsakymas|autom[āa]tisk[āa] atbilde|automaatvastus|resposta autom[àa]tica|tr[ảa] l[ờo]i t[ựu] đ[ộo]ng|balasan otomatis|balasan automatik|ตอบกลับอัตโนมัติ|رد تلقائي|پاسخ خودکار)\s*[:：]/i,
];

// Data: words by which a message says it is itself an automatic reply or an acknowledgement
// ("This is an automatic reply", "This message has been automatically generated in response to
// ...", "Your request (48213) has been received"). Enough on their own.
const SAYS_AUTOMATIC = [
  /\b(?:this|it) is an? (?:automatic|automated|auto-generated|automatically generated|computer-generated) (?:reply|response|answer|acknowledge?ment)\b/i,
  /\b(?:automatically|auto-?) ?generated in (?:response|reply) to\b/i,
  /\byour (?:request|message|e-?mail|enquiry|inquiry|ticket|case)(?: \(?#?[\w-]{1,20}\)?)? has been (?:received|logged|created)\b|\bwe have received your (?:message|e-?mail|request|enquiry|inquiry)\b/i,
  /\bthis is an? auto-?(?:reply|response|responder)\b|\b(?:sent|generated) by (?:an? )?auto-?responder\b|\bticket (?:#?[\w-]{1,20} )?has been (?:created|opened|logged)\b|\bassigned (?:a )?ticket\b/i,
  /\bautomatisch (?:generierte|erstellte|versandte|erzeugte) antwort\b|\bceci est une r[ée]ponse automatique\b|\bdies ist eine automatische antwort\b|\besta es una respuesta autom[áa]tica\b|\bquesta è una risposta automatica\b|\besta [ée] uma resposta autom[áa]tica\b|\bdit is een automatisch antwoord\b/i,
];

// Data: words of a person away, in the languages we see most; read only in a message that marks
// itself automatic (a person writes "I was out of the office" too), and only the words an
// out-of-office reply is made of (a notification that quotes a person's "I'm travelling" is none).
const AWAY = [
  /\bout of (?:the )?office\b|\b(?:on|taking) (?:annual |maternity |paternity |parental |sick |study )?leave\b|\bon (?:vacation|holiday)\b|\b(?:limited|no|without) access to (?:my )?e-?mails?\b/i,
  /\b(?:upon|after|on) my return\b|\bi (?:am|will be) away from (?:the|my) (?:office|desk|e-?mail)\b|\bi(?: am|'m|’m| will be|'ll be|’ll be) (?:currently )?away\b/i,
  /nicht im b[üu]ro|im urlaub|abwesend|keinen zugriff auf (?:meine )?e-?mails|absente? du bureau|en cong[ée]s?\b|en vacances|fuera de la oficina|de vacaciones|fuori ufficio|in ferie|fora do escrit[óo]rio|de f[ée]rias|afwezig|met vakantie|nieobecn|na urlopie|frånvarande|på semester|不在|休暇|休假|в отпуске|у відпустці/i,
];

// Data: a writer who says, in the first person, that they are away now or until a date ("I am out
// of the office until ...", "Ich bin bis ... nicht im Büro", "Je suis absente du bureau"): what an
// out-of-office reply says first, enough without a header (older clients' rules send none).
const SAYS_AWAY = [
  // (the present, or the future with its dates: "I'll be out of the office next week" is a person's)
  /\b(?:i am|i'm|i’m) (?:currently )?(?:out of (?:the )?office|on (?:annual |maternity |paternity |parental )?leave|on vacation|on holiday)\b|\b(?:i will be|i'll be|i’ll be|i am|i'm|i’m) (?:out of (?:the )?office|on (?:annual |maternity |paternity |parental )?leave|on vacation|on holiday|away) (?:until|till|through|from|starting|beginning)\b/i,
  /\bich bin (?:derzeit |zurzeit |momentan |vom .{1,30} )?(?:bis (?:zum |einschlie[ßs]lich )?.{1,30} )?(?:nicht im b[üu]ro|im urlaub|abwesend|au[ßs]er haus)\b/i,
  /\bje (?:suis|serai) (?:actuellement )?(?:absente?|en cong[ée]s?|en vacances)\b/i,
  /\b(?:estoy|estar[ée]) (?:fuera de la oficina|de vacaciones|ausente)\b|\b(?:sono|sar[òo]) (?:fuori ufficio|in ferie|assente)\b|\b(?:estou|estarei) (?:fora do escrit[óo]rio|de f[ée]rias|ausente)\b|\bik ben (?:momenteel |tot .{1,30} )?(?:afwezig|met vakantie|niet op kantoor)\b/i,
];

const SYSTEM_SENDER = /^(?:mailer-daemon|mailer_daemon|postmaster|mail-daemon)@/i;

const GONE = /\b(?:no longer (?:in use|active|monitored|valid|used|available)|is not (?:in use|monitored|active)(?: any ?more)?|has been (?:deactivated|closed|disabled|deleted)|(?:mailbox|inbox|address|account) is (?:closed|inactive|not monitored))\b/i;

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
  const automatic = SAYS_AUTOMATIC.some((re) => re.test(body)) || SAYS_AWAY.some((re) => re.test(body));
  const away = !automatic && marksItselfAutomatic(m.headers) && AWAY.some((re) => re.test(body));
  return (automatic || away || exchangeReply(m.headers, m.subject)) && !DELIVERY_FAILED.test(body);
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
