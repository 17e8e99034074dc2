// Mail that lands in a bounce mailbox without being a delivery report: a person's reply or forward
// ("Re: Undelivered Mail ..."), a newsletter, a challenge-response request ("please confirm you
// are human"), spam dressed as a mail-system notice ("click here to release your messages").
// The last-resort decoder and the automatic-reply check consult these; the decoders of known
// formats do not need to.
import { header } from '../mime.js';
import { cleanAddress } from '../text-tools.js';
import type { DecodeContext } from './types.js';
import { fromDaemon, screened, textHead } from './detect.js';
import { reportPartOf } from './last-resort/report-part.js';

/** a reply or forward by a person: "Re:", "Fwd:", "AW:", "SV:", "Odp:" ... */
const REPLY_SUBJECT = /^\s*(?:re|fwd?|aw|wg|sv|vs|tr|rv|r|antw|odp|ynt|ris|enc)\s*(?:\[\d+\]|\(\d+\))?\s*:/i;

// Data: what challenge-response systems and sender-verification requests say.
const CHALLENGE = [
  /\b(?:confirm|verify|prove) (?:that )?you are (?:a )?(?:real |living )?(?:human|person|sender)\b/i,
  /\bnot a (?:spam ?)?(?:robot|bot|machine)\b|\bi'?m not a robot\b/i,
  /\bchallenge[- ]response\b|\bsender verification request\b/i,
  /\b(?:add(?:ed)?|put) (?:you |your address )?(?:to|on) (?:my|the|our) (?:white ?list|allow ?list|approved senders|list of approved)/i,
  /\bawaiting (?:your )?(?:confirmation|verification)\b|\brequires? (?:your )?(?:confirmation|verification) before\b/i,
  /\bclick (?:on )?(?:the )?(?:link|button) below to (?:confirm|verify|validate)\b/i,
  /\bapprove (?:yourself|your (?:address|message|e-?mail)) (?:as a (?:valid )?sender|for delivery)\b|\bsender (?:approval|authentication) (?:is )?required\b/i,
  // TMDA and its kind: the message is held until its sender answers ("held ... pending your
  // confirmation", "To release your message for delivery, please reply", "has not been verified")
  /\bpending (?:your )?(?:confirmation|verification)\b|\brelease your (?:original )?(?:message|e-?mail) for delivery\b|\b(?:address|sender) (?:<[^>\s]*> )?has not (?:yet )?been (?:verified|confirmed)\b/i,
  // a sender's address to be verified once, a mailbox protected from spam, in the languages such
  // services write in (en, fr, de, es/pt, it, nl)
  /\b(?:verify|confirm|validate|authenticate) (?:your|their) (?:e-?mail |sender )?address (?:once|by clicking|by replying)\b|\bto complete (?:the )?delivery of your (?:message|e-?mail)\b|\bprotect(?:ing|ed)? (?:myself|my (?:mailbox|inbox|e-?mail)) (?:from|against) (?:spam|junk)/i,
  /prot[ée]g[ée](?:\(e\))? contre les (?:spams?|courriers ind[ée]sirables)|en attente de (?:validation|confirmation)|merci de vous (?:authentifier|identifier)/i,
  /sch[üu]tze (?:mich|mein postfach) vor spam|best[äa]tigen sie (?:bitte )?einmalig/i,
  /protegid[oa] contra (?:el |o )?(?:spam|correo no deseado)|para que su mensaje (?:me )?sea entregado|protett[oa] (?:dallo|contro lo) spam|beschermd tegen spam/i,
].map(screened);

// Data: what a mail system tells the owner of a mailbox about the mailbox itself (nearly full, a
// password that expires, mail sent to them held as spam or a virus): a notice to the reader, not a
// report on a message the reader sent, whatever failure it foresees ("new messages will be
// rejected", "messages sent to you could not be delivered").
const OWN_MAILBOX = [
  /\byour (?:mail ?box|inbox|mail account|e-?mail account|account) (?:is (?:almost |nearly |now |over |\d{1,3} ?% )?(?:full|quota)|has (?:almost )?(?:reached|exceeded) (?:its|the|your)|size (?:is|has))|\byour (?:mailbox |account |e-?mail )?password (?:will )?expire/i,
  /\b(?:a |an |the |one or more |some )?(?:messages?|e-?mails?) (?:addressed|sent) to you\b|\bquarantine (?:summary|digest|report|notification)\b/i,
  /\bihr (?:postfach|e-?mail-konto|konto) ist (?:fast |beinahe |bald )?(?:voll|überfüllt)|\bihr passwort läuft\b|\bvotre bo[iî]te (?:aux lettres |mail )?(?:est )?(?:presque |bientôt )?pleine|\bvotre mot de passe (?:va )?expir|\bsu buz[óo]n (?:est[áa] )?(?:casi )?lleno|\bla (?:tua|sua) casella (?:di posta )?[èe] (?:quasi )?piena|\bsua caixa (?:postal |de correio )?(?:est[áa] )?(?:quase )?cheia/i,
].map(screened);

/** a mail system's notice to a mailbox's owner about the mailbox: no report (read in its own
 * words, not in a message it returns, whose footer may say "this email was sent to you") */
export function isOwnMailboxNotice({ m }: DecodeContext): boolean {
  const own = reportPartOf(m).report.slice(0, 8192);
  const lower = own.toLowerCase();
  const subject = m.subject.toLowerCase();
  return OWN_MAILBOX.some((re) => re.test(own, lower) || re.test(m.subject, subject));
}

// Data: how a mailing-list manager signs its notices (held for the moderator, rejected, not a
// member, confirm your subscription): the robot's address, or a header only its own notices carry
// (a post to the list carries List-Id as well, and an automatic reply by a person neither).
const LIST_ROBOT = /^(?:[^@\s]+-(?:owner|request|bounces|help|approval)|owner-[^@\s]+|sympa|majordomo2?|listserv|mailman|ezmlm|lyris|listproc|ecartis|smartlist)@/i;
const LIST_ROBOT_HEADERS = ['x-list-administrivia', 'x-mailman-version', 'mailing-list'];

// Data: what spam and phishing dressed as a mail-system notice ask for; no mail system's report
// does.
const LURE = [
  /\bclick (?:here|on the link|the link below|the button below) to (?:release|retrieve|recover|restore|receive|view|deliver|upgrade|increase|validate|keep)\b/i,
  /\b(?:release|retrieve|recover) (?:your )?(?:pending|held|undelivered|incoming|blocked) (?:messages|mails?|emails?)\b/i,
  /\b(?:increase|upgrade|expand) your (?:mailbox|storage|quota)\b/i,
  /\b(?:verify|validate|confirm) your (?:account|mailbox|password|login)\b/i,
].map(screened);

export function isPersonalReply(ctx: DecodeContext): boolean {
  return REPLY_SUBJECT.test(ctx.m.subject) && !fromDaemon(ctx);
}

/** a newsletter or list message: list headers of its own (a report carries none) */
export function isListMail({ m }: DecodeContext): boolean {
  return header(m.headers, 'list-unsubscribe') !== null || header(m.headers, 'list-id') !== null;
}

/** a mailing-list manager's notice about a post or a subscription: never a person's reply */
export function isListManagerNotice({ m }: DecodeContext): boolean {
  return LIST_ROBOT.test(cleanAddress(m.from) ?? '') || LIST_ROBOT_HEADERS.some((n) => header(m.headers, n) !== null);
}

export function isChallenge({ m }: DecodeContext): boolean {
  // white space collapsed (a sentence wrapped over two lines); the literals screened for hold none
  const { head, lower } = textHead(m);
  let text: string | null = null;
  const subject = m.subject.toLowerCase();
  return CHALLENGE.some((c) => (c.mayMatch(head, lower) && c.re.test((text ??= head.replace(/\s+/g, ' ')))) || c.test(m.subject, subject));
}

export function isLure({ m }: DecodeContext): boolean {
  const { head, lower } = textHead(m);
  return LURE.some((re) => re.test(head, lower));
}
