// RFC 3834 automatic responses: vacation and out-of-office replies. They never count as bounces;
// a reply that says the mailbox is gone is reported as such by the caller.
import { header } from '../mime.js';
import { cleanAddress } from '../text-tools.js';
import type { DecodeContext } from './types.js';
import { isChallenge } from './not-report.js';

// Data: subjects of out-of-office replies in the languages we see most.
const SUBJECTS: RegExp[] = [
  /^\s*(?:auto(?:matic|matische|matisch|matisk|maattinen|matyczna)?[-_ ]?(?:reply|response|respons|antwort|antwoord|svar|vastaus|odpowied[zź]|réponse|risposta|respuesta|resposta)|autoreply|autoresponse|auto[-_ ]?respond(?:er)?)\b/i,
  /^\s*auto:/i,
  /\bout of (?:the )?office\b|\bout-of-office\b|\booo\b/i,
  /\b(?:on )?vacation\b|\bon (?:leave|holiday|holidays)\b|\baway (?:from|until|till)\b|\bi am away\b|\bcurrently away\b/i,
  /abwesenheit|nicht im b[üu]ro|au[sß]er haus|r[ée]ponse automatique|absence|absent|risposta automatica|fuori ufficio|respuesta autom[áa]tica|fuera de la oficina|ausente|resposta autom[áa]tica|automatisch antwoord|afwezig|frånvaro|fravær|poissa|nieobecno[śs][ćc]|nepřítomnost/i,
  /不在|自動応答|自動返信|自动回复|休假|자동\s*응답|부재/,
  // ru, uk, cs, tr, he
  /автоответ|автоматический ответ|нет на месте|в отпуске|автовідповідь|automatická odpověď|otomatik (?:yanıt|cevap)|ofiste değil|מענה אוטומטי|תשובה אוטומטית/i,
];

const SYSTEM_SENDER = /^(?:mailer-daemon|mailer_daemon|postmaster|mail-daemon)@/i;

const GONE = /\b(?:no longer (?:in use|active|monitored|valid|used|available)|is not (?:in use|monitored|active)(?: any ?more)?|has been (?:deactivated|closed|disabled|deleted)|(?:mailbox|inbox|address|account) is (?:closed|inactive|not monitored))\b/i;

export function isAutoReply(ctx: DecodeContext): boolean {
  const { m } = ctx;
  // a mail system is nobody away from the office, and a request to prove one is human is no reply
  if (SYSTEM_SENDER.test(cleanAddress(m.from) ?? '') || isChallenge(ctx)) return false;
  const h = m.headers;
  const autoSubmitted = (header(h, 'auto-submitted') ?? '').toLowerCase();
  if (autoSubmitted.startsWith('auto-replied')) return true;
  const xAutoreply = header(h, 'x-autoreply');
  if (xAutoreply !== null && !/^\s*(?:no|false|0)\s*$/i.test(xAutoreply)) return true;
  if (header(h, 'x-autorespond') !== null || header(h, 'x-autoresponder') !== null) return true;
  if (/auto[_-]?reply/i.test(header(h, 'precedence') ?? '')) return true;
  if (/vacation/i.test(header(h, 'x-apple-action') ?? '')) return true;
  if (/vacation|autorespond|autoreply/i.test(header(h, 'x-mailer') ?? '')) return true;
  return SUBJECTS.some((re) => re.test(m.subject));
}

/** Who answered: the reply's From (or Reply-To when From is a system address). */
export function autoReplyAddress({ m }: DecodeContext): string | null {
  return cleanAddress(m.from) ?? cleanAddress(header(m.headers, 'reply-to')) ?? cleanAddress(header(m.headers, 'return-path'));
}

/** An automatic reply that says the mailbox is no longer used: the address is gone. */
export function saysMailboxGone({ m }: DecodeContext): boolean {
  return GONE.test(m.text.slice(0, 4000));
}
