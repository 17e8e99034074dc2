// The last resort for reports of MTAs that no decoder knows. Whether a message is a report is
// decided from its structure and body (last-resort/evidence.ts); who failed is read from its
// structure: addresses in a paragraph about a failure, or listed under a heading ("The following
// addresses had permanent fatal errors:", "was not delivered to:") even across a blank line, in
// the report before the returned message; when the report lists them under a heading, the list
// alone names them. Addresses that are not failed recipients are never taken:
// the report's own and the returned message's senders, list addresses, Message-IDs, `mailto:` links
// with parameters, the address after "from".
import { inlineHeaders } from '../text-format.js';
import { reportPartOf } from '../last-resort/report-part.js';
import { cleanAddress, findAddresses, findCommand, findRemoteHost, oneLine } from '../../text-tools.js';
import { findReplyCode } from '../../../smtp-codes/reply-text.js';
import { statusIn } from '../../reply-text.js';
import { type HeaderList, header, headerAll } from '../../mime.js';
import { listAddresses, recoverAddresses } from '../../recover.js';
import type { DecodeContext, Decoded, DecodedRecipient, Decoder } from '../types.js';
import { looksLikeReport } from '../last-resort/evidence.js';
import { DELAYED, DELIVERY_FAILED, FAILURE_WORDS, HEADING_LINE, gaveUp } from '../last-resort/vocabulary.js';

export { BOUNCE_SUBJECTS } from '../last-resort/vocabulary.js';

const SYSTEM_ADDRESS = /^(?:mailer-daemon|postmaster|noreply|no-reply|mail-daemon|daemon|root|abuse)@/i;
// headers whose addresses are never a failed recipient: the report's own people and the list's
const OWN_HEADERS = ['to', 'from', 'reply-to', 'sender', 'return-path', 'list-post', 'list-owner', 'list-help', 'list-unsubscribe', 'list-subscribe', 'list-id'];
const ID_HEADERS = ['message-id', 'references', 'in-reply-to', 'resent-message-id'];
// what stands just before an address that is not a recipient on the same line: a sender
// ("not accepting mail from X", "MAIL FROM:<X>", "From: X", "Sender Address: X", "sent by X",
// "on behalf of X"), a message's identifier ("Message-ID: <X>", "your message <X> to a@b"), whom
// to ask ("contact X", "write to X", "reply to X", "report abuse to X")
const NOT_RECIPIENT_BEFORE = /(?:\bfrom|\bsender(?:'s)?(?: e-?mail)?(?: address)?|\bsent by|\bon behalf of|\bexpanded from|\bmessage[- ]?id|\bmessage(?=\s*<)|\breferences|\bin-reply-to|\bmid|\bcontact|\b(?:write|reply|report \w+) to)\s*(?:[:=]\s*)?(?:["'<(]+\s*)?$/i;
// an address on a line by itself (a bullet, brackets and a short note allowed)
const ADDRESS_LINE = /^\s*(?:[-*•>]\s*)?(?:rfc822;\s*)?["'<(]*[^\s@<>()"',;]+@[^\s<>()"',;]+[>)"']*[ \t]*(?:[:(\[].{0,80})?$/;
// what follows an address used as the display name of the next one ("a@b <c@d>")
const NAME_OF_NEXT = /^["']?[ \t]*<[^\s<>@]+@[^\s<>]+>/;
// the first line of a list entry that gives its reason under it: the address, with a colon or
// alone ("<a@b>:", "a@b" and "Reason: ..." under it)
const ENTRY_LEAD = /^\s*(?:[-*•]\s*)?<?[^\s@<>()"',;]+@[^\s<>()"',;]+?>?:?\s*$/;
// a label that leads a line and names what follows it the recipient: "Recipient address: a@b"
const RECIPIENT_LABEL =
  /^\s*(?:[-*•]\s*)?(?:(?:(?:final|original)[- ]|failed |invalid )?recipient(?:'s)?(?: address| name| e-?mail(?: address)?)?|rcpt(?: to)?|e-?mail address|address|empfänger(?:adresse)?|destinataire|destinat[áa]rio|indirizzo)\s*:\s*(?:rfc822;\s*)?["'<(]*$/i;
// the reply to RCPT TO is about the address it names: "RCPT TO: a@b"
const RCPT_TO = /\bRCPT TO:?\s*<?([^\s<>]+@[^\s<>]+?)>?(?:\s|$)/gi;

export const generic: Decoder = {
  name: 'generic',
  detect: (ctx) => looksLikeReport(ctx),
  decode(ctx: DecodeContext): Decoded | null {
    if (!looksLikeReport(ctx)) return null;
    const found = scan(ctx);
    if (found.recipients.length) return found;
    if (!FAILURE_WORDS.test(found.report) && header(ctx.m.headers, 'x-failed-recipients') === null) return null;
    const text = oneLine(found.report).slice(0, 2000);
    const recipients = recoverAddresses(ctx.m, found.originalHeaders ?? null).map((address) => about(address, text, actionOf(ctx, found.report, text)));
    return recipients.length ? { recipients, originalHeaders: found.originalHeaders } : null;
  },
};

/** A report whose words say delivery failed (or was delayed) though no address of it could be
 * attributed: a bounce all the same, with no recipient (not a "not-bounce", and never a guess). */
export function unattributed(ctx: DecodeContext): Decoded | null {
  if (!looksLikeReport(ctx)) return null;
  const { report } = reportPartOf(ctx.m);
  // a sentence of failure, not a word ("full", "quota", "error"): a postmaster writes those in
  // notices that are no report (a mailbox nearly full, a maintenance window)
  if (!DELIVERY_FAILED.test(oneLine(report))) return null;
  return { recipients: [], kind: delayedOnly(report, report) ? 'delay' : 'bounce' };
}

/** The addresses the report's words name near words of failure (none in what is no report). */
export function namedInText(ctx: DecodeContext): Decoded & { report: string } {
  return scan(ctx, !looksLikeReport(ctx));
}

function excludedAddresses(ctx: DecodeContext, report: string, originalHeaders: HeaderList | null): Set<string> {
  const { m } = ctx;
  const values = [
    ...OWN_HEADERS.flatMap((n) => headerAll(m.headers, n)),
    ...ID_HEADERS.flatMap((n) => headerAll(m.headers, n)),
    ...['from', 'sender', 'reply-to', 'return-path', ...ID_HEADERS].flatMap((n) => headerAll(originalHeaders ?? [], n)),
    ...sendersIn(report),
  ];
  return new Set([...values.flatMap((v) => findAddresses(v)).map((a) => a.toLowerCase()), ...listAddresses(m, originalHeaders)]);
}

/** The addresses of a paragraph that may be recipients: not excluded, not a sender or an
 * identifier by what stands before them (on their line, or at the end of the line before when
 * they lead theirs: prose wrapped after "from"), not a link with parameters. */
function candidates(p: string, excluded: Set<string>): string[] {
  const out: string[] = [];
  let prev = '';
  for (const line of p.split('\n')) {
    for (const address of findAddresses(line)) {
      const low = address.toLowerCase();
      if (excluded.has(low) || out.some((a) => a.toLowerCase() === low)) continue;
      const at = line.indexOf(address);
      const lead = line.slice(0, at);
      const before = /^[\s"'<(]*$/.test(lead) ? `${prev.slice(-40)} ${lead}` : lead;
      const after = line.slice(at + address.length);
      if (NOT_RECIPIENT_BEFORE.test(before) || /^[>]?\?/.test(after)) continue;
      // "a@b <c@d>": the first is only the display name of the address in brackets
      if (NAME_OF_NEXT.test(after)) continue;
      if (SYSTEM_ADDRESS.test(address) && !ADDRESS_LINE.test(line)) continue;
      out.push(address);
    }
    prev = line;
  }
  return out;
}

function scan(ctx: DecodeContext, quiet = false): Decoded & { report: string } {
  const { m } = ctx;
  const { report, original } = reportPartOf(m);
  const originalHeaders = m.originalHeaders ?? inlineHeaders(original);
  const recipients: DecodedRecipient[] = [];
  if (quiet) return { recipients, originalHeaders, report };
  const excluded = excludedAddresses(ctx, report, originalHeaders);
  const paragraphs = report.split(/\n[ \t]*\n/).slice(0, 200);
  const found = paragraphs.map((p) => candidates(p, excluded));
  const rcptTo = new Set([...report.matchAll(RCPT_TO)].map((x) => x[1]!.toLowerCase()));
  const anyFailure = FAILURE_WORDS.test(oneLine(report));
  // does paragraph j speak of a failure (asked of each paragraph up to three times: kept)
  const said: Array<boolean | undefined> = [];
  const says = (j: number) => (j < 0 || j >= paragraphs.length ? false : (said[j] ??= FAILURE_WORDS.test(oneLine(paragraphs[j]!))));
  // Two readings. A report that lists its failed recipients under a heading names them there, and
  // the paragraphs after the list are the reason (whose addresses are the server's words, not
  // recipients). Only a report without such a list is read as prose: addresses in a paragraph
  // about a failure, or just before one.
  const listed: number[] = [];
  const qualified = new Set<string>();
  const domain = /@([^@\s>]+)$/.exec(cleanAddress(m.from) ?? '')?.[1] ?? null;
  const prose: number[] = [];
  let listOpen = false;
  // the list's entries are paragraphs that each lead with their address ("<a@b>:" and the reason
  // under it, as qmail and others write them): such a paragraph after a listed one of that shape
  // is the list's next entry
  let entriesOpen = false;
  for (const [i, p] of paragraphs.entries()) {
    const addresses = found[i]!;
    const onlyAddresses = addresses.length > 0 && p.split('\n').every((l) => l.trim() === '' || ADDRESS_LINE.test(l));
    const leadsWithAddress = addresses.length > 0 && ENTRY_LEAD.test(p.trimStart().split('\n', 1)[0]!);
    const prev = i > 0 ? paragraphs[i - 1]! : '';
    // a list under a heading of success ("was delivered to the following recipients:") names the
    // ones that got it: never failed recipients, whatever the paragraphs around it say
    const inner = atHeading(p);
    if ((onlyAddresses && endsWithHeading(prev) && deliveredHeading(prev)) || (inner && addresses.length > 0 && deliveredHeading(inner.heading))) {
      listOpen = false;
      continue;
    }
    const underHeading: boolean =
      endsWithHeading(prev) || listsUnderHeading(inner) || ((onlyAddresses || leadsWithAddress) && (listOpen || says(i - 1))) || (leadsWithAddress && entriesOpen);
    entriesOpen = leadsWithAddress && underHeading;
    listOpen = onlyAddresses ? underHeading || listOpen : endsWithHeading(p) && addresses.length === 0;
    const afterHeading = addresses.length === 0 && domain ? (endsWithHeading(prev) || listOpen ? p : (inner?.after ?? null)) : null;
    if (afterHeading !== null) {
      // a list of bare local parts ("gina", "bob (user not found)") under a heading, after it or
      // in its paragraph: mailboxes of the reporting host
      const locals = bareLocalParts(afterHeading).map((l) => `${l}@${domain}`).filter((a) => !excluded.has(a.toLowerCase()));
      if (locals.length) {
        found[i] = locals;
        locals.forEach((a) => qualified.add(a));
        listed.push(i);
        listOpen = true;
        continue;
      }
      if (afterHeading === p) continue;
    }
    if (addresses.length === 0 && domain && anyFailure) {
      // a bare local part after words that say the mailbox is not there ("Receiver not found:
      // hank", "Unknown user: gina"): a mailbox of the reporting host
      const named = [...p.matchAll(NAMED_LOCAL_PART)].map((x) => `${x[1]}@${domain}`).filter((a) => !excluded.has(a.toLowerCase()));
      if (named.length) {
        found[i] = named;
        named.forEach((a) => qualified.add(a));
        listed.push(i);
      }
      continue;
    }
    if (addresses.length === 0) continue;
    if (underHeading) listed.push(i);
    else if (says(i) || says(i + 1) || addresses.some((a) => anyFailure && rcptTo.has(a.toLowerCase()))) {
      prose.push(i);
    }
  }
  const chosen = listed.length ? listed : prose;
  const taken = chosen.map((i) => found[i]!.filter((a) => !listed.length || qualified.has(a) || underList(paragraphs[i]!, a)));
  const all = new Set(taken.flat().map((a) => a.toLowerCase()));
  // an address named again further on, where the server's reply is quoted (Microsoft's "Diagnostic
  // information for administrators" after its prose), is read there if its first words quote none
  const quoted = new Set<string>();
  for (const [k, i] of chosen.entries()) {
    for (const address of taken[k]!) {
      const low = address.toLowerCase();
      const seen = recipients.findIndex((r) => r.address.toLowerCase() === low);
      if (seen >= 0 && quoted.has(low)) continue;
      const context = contextOf(paragraphs, found, i, address, all);
      const quotes = context.split('\n').some(isFailure);
      if (seen >= 0 && !quotes) continue;
      if (quotes) quoted.add(low);
      const r = about(address, context, actionOf(ctx, report, context));
      if (seen >= 0) recipients[seen] = r;
      else recipients.push(r);
    }
  }
  return { recipients, originalHeaders, report };
}

/** The words about an address of paragraph `i`: it and the paragraphs after it up to one that
 * names another recipient (the reason often follows: "For the following reason:", a blank line,
 * the server's reply); when those quote no server reply, the paragraphs before it too. */
function contextOf(paragraphs: string[], found: string[][], i: number, address: string, recipients: Set<string>): string {
  const low = address.toLowerCase();
  const names = (j: number) => found[j]!.map((a) => a.toLowerCase()).filter((a) => recipients.has(a));
  // a paragraph that names only other recipients: in a list it is skipped, else it ends the words
  const other = (j: number) => names(j).length > 0 && !names(j).includes(low);
  const after = [ownBlock(paragraphs[i]!, low, recipients)];
  for (let j = i + 1; j < paragraphs.length && after.length <= 4; j++) {
    if (other(j)) {
      if (paragraphs[j]!.split('\n').every((l) => l.trim() === '' || ADDRESS_LINE.test(l))) continue;
      break;
    }
    after.push(paragraphs[j]!);
  }
  // paragraphs stay apart: a wrapped reply continues only within its own paragraph
  const text = after.join('\n\n');
  if (text.split('\n').some(isFailure)) return text;
  const before: string[] = [];
  for (let j = i - 1; j >= 0 && j >= i - 2 && !other(j); j--) before.unshift(paragraphs[j]!);
  return before.length ? `${text}\n\n${before.join('\n\n')}` : text;
}

/** In a paragraph that lists several recipients, each with its failure under it, the lines of
 * this one's block: from its line up to the line that leads with another recipient. */
function ownBlock(p: string, low: string, recipients: Set<string>): string {
  const lines = p.split('\n');
  const start = lines.findIndex((l) => l.toLowerCase().includes(low));
  if (start < 0) return p;
  const leads = (l: string) => {
    const lead = l.trimStart().replace(/^[-*•>"'<(\s]+/, '').toLowerCase();
    return [...recipients].some((r) => r !== low && lead.startsWith(r));
  };
  // one recipient alone in its paragraph keeps all of it (its reason may stand before it)
  if (!lines.some(leads)) return p;
  const end = lines.findIndex((l, j) => j > start && leads(l));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

/** A paragraph whose every line is one bare local part ("gina", "- tom.b"), perhaps with its
 * reason in parentheses after it ("bob (user not found)", as GroupWise lists them). */
function bareLocalParts(p: string): string[] {
  const lines = p.split('\n').filter((l) => l.trim() !== '');
  const locals = lines.map((l) => /^\s*(?:[-*•]\s*)?([A-Za-z0-9][A-Za-z0-9._+-]{0,63})(?:\s+\([^()\n]{1,100}\))?\s*$/.exec(l)?.[1]);
  return locals.length > 0 && locals.length <= 50 && locals.every((x) => x !== undefined) ? (locals as string[]) : [];
}

/** A heading inside the paragraph with lines after it (a list without a blank line before it):
 * the lines up to the heading's, and those after it; or null. */
function atHeading(p: string): { heading: string; after: string } | null {
  const lines = p.split('\n');
  const at = lines.findIndex((_, i) => isHeading(lines, i));
  return at < 0 || at === lines.length - 1 ? null : { heading: lines.slice(0, at + 1).join('\n'), after: lines.slice(at + 1).join('\n') };
}

/** The heading that ends the paragraph says the list after it was delivered ("Your message was
 * delivered to the following recipients:"), not that it failed. */
function deliveredHeading(p: string): boolean {
  const lines = p.trimEnd().split('\n');
  const tail = oneLine(lines.slice(-2).join(' '));
  // success words, and no negation in the heading's own line ("was not delivered to", "failed")
  return DELIVERED.test(tail) && !NEGATED.test(lines[lines.length - 1]!);
}

/** The paragraph's last line is a heading: the list follows after a blank line. */
function endsWithHeading(p: string): boolean {
  const lines = p.trimEnd().split('\n');
  return isHeading(lines, lines.length - 1);
}

/** The lines after a heading inside the paragraph hold an address alone on its line. */
function listsUnderHeading(inner: { after: string } | null): boolean {
  return inner !== null && inner.after.split('\n').some((l) => ADDRESS_LINE.test(l));
}

/** Line i ends a heading: on its own, or as the end of one wrapped from the line before ("could
 * not be delivered⏎to:"). */
function isHeading(lines: string[], i: number): boolean {
  const line = (lines[i] ?? '').trimEnd();
  // a heading ends in its colon or a dashed rule: most lines are answered here
  if (!(line.endsWith(':') || line.endsWith('：') || line.endsWith('---'))) return false;
  return HEADING_LINE.test(line) || (i > 0 && HEADING_LINE.test(`${lines[i - 1]!.trim()} ${line.trim()}`));
}

/** In a paragraph under a heading, an address on a line of its own (or leading its line) is a
 * listed recipient; one inside a sentence there is not. */
function underList(p: string, address: string): boolean {
  const lead = (l: string) => l.trimStart().replace(/^[-*•>"'<(\s]+/, '');
  // or after a display name that leads its line ("a@b <c@d>: malformed address", "Ben <c@d>")
  // or in parentheses after one ("Tom Jones (tom@x)", as Exchange lists them)
  const named = (l: string) => {
    const at = Math.max(l.indexOf(`<${address}>`), l.indexOf(`(${address})`));
    return at > 0 && !/[:;,]/.test(l.slice(0, at));
  };
  // or after a label that names it the recipient ("Recipient address: a@b", as Netscape/iPlanet, Domino
  // and others list them)
  const labelled = (l: string) => RECIPIENT_LABEL.test(l.slice(0, l.indexOf(address)));
  return p.split('\n').some((l) => l.includes(address) && (ADDRESS_LINE.test(l) || lead(l).startsWith(address) || named(l) || labelled(l)));
}

/** What the report says of its recipients: only delayed; given up on (then a 4.x.x status near an
 * address is the last try's, not a delay); or not said (the status decides). */
function actionOf(ctx: DecodeContext, report: string, context: string): 'delayed' | 'failed' | undefined {
  if (delayedOnly(report, context)) return 'delayed';
  return gaveUp(report, ctx.m.subject) ? 'failed' : undefined;
}

/** The report says delivery is only delayed, and nothing near the recipient is permanent (not "not
 * a permanent error", nor "You'll be notified if the delivery fails permanently"). */
function delayedOnly(report: string, context: string): boolean {
  return DELAYED.test(oneLine(report)) && !/(?:^|\s)5\d\d[\s-]|\b5\.\d{1,3}\.\d{1,3}\b|(?<!\bnot (?:an? )?)(?<!\bif\b[^.]{0,40})permanent/i.test(context);
}

/** The sender a session transcript shows: `MAIL FROM:<a@b>`, and the message's `From:` line. */
function sendersIn(report: string): string[] {
  // only the first address after "From:": a line may go on to name the recipient ("From: <a> RCPT: <b>")
  return [...report.matchAll(/\bMAIL FROM:\s*(<[^>\n]*>|\S+)|(?:^|[\s*])From:[ \t]*([^\n]+)/gim)].map((m) => m[1] ?? cleanAddress(m[2]!) ?? '');
}

/** A line with a failure's reply: a 4xx/5xx code or a 4.x.x/5.x.x status. */
function isFailure(line: string): boolean {
  const code = findReplyCode(line);
  if (code !== null && code >= 400) return true;
  // the status only when the code did not decide: finding where it stands costs more
  const status = statusIn(line);
  return status !== null && status[0] !== '2';
}

/** What the text says of the address: its failure's line (the one naming it, if one does). */
function about(address: string, text: string, action?: 'delayed' | 'failed'): DecodedRecipient {
  const lines = text.split('\n');
  const low = address.toLowerCase();
  const failures = lines.filter(isFailure);
  const codeLine =
    failures.find((l) => l.toLowerCase().includes(low)) ??
    failures[0] ??
    lines.find((l) => findReplyCode(l) !== null || statusIn(l) !== null);
  let at = codeLine === undefined ? -1 : lines.indexOf(codeLine);
  // no reply quoted: in a list whose entry leads with the address ("a@b ... unknown host", "a@b"
  // and an indented "Unrouteable address" under it), the entry's own words say what happened
  if (at < 0) at = listEntry(lines, low);
  // a line inside a multi-line reply ("550-..."): the reply starts at its first line
  const code = at > 0 ? /^\s*([45]\d\d)[- ]/.exec(lines[at]!)?.[1] : undefined;
  while (code && at > 0 && lines[at - 1]!.trimStart().startsWith(`${code}-`)) at--;
  // a reply wrapped between its code and its status ("...Error=[550⏎5.1.1 <a@b>... User unknown"):
  // the line before holds its start
  const reply = at < 0 ? text : at > 0 && WRAPPED_AFTER_CODE.test(lines[at - 1]!) && LEADS_WITH_STATUS.test(lines[at]!) ? `${lines[at - 1]}\n${withContinuation(lines, at)}` : withContinuation(lines, at);
  return {
    address,
    ...(action ? { action } : {}),
    // a transcript's line: the reply after its arrow ("... <-- 550 ...", "<<< 550 ..."), with the
    // lines that continue it (a reply wrapped or given over several `550-` lines)
    diagnostic: oneLine(reply.replace(/^.*?(?:<--|<<<)\s*/, '')).slice(0, 2000),
    remoteMta: findRemoteHost(text),
    command: (codeLine ? commandBefore(lines, lines.indexOf(codeLine)) : null) ?? refusedAtRcpt(lines, low) ?? findCommand(text),
  };
}

/** The line that leads with the address, when it or the lines continuing it say more than the address. */
function listEntry(lines: string[], low: string): number {
  const at = lines.findIndex((l) => l.trimStart().replace(/^[-*•>"'<(\s]+/, '').toLowerCase().startsWith(low));
  if (at < 0) return -1;
  // not an entry but a sentence wrapped before the address ("Your message to⏎a@b could not ...")
  if (at > 0 && !ENDS_LINE_BEFORE_ENTRY.test(lines[at - 1]!)) return -1;
  const words = withContinuation(lines, at).toLowerCase().split(low).join(' ');
  return FAILURE_WORDS.test(words) ? at : -1;
}

// how the line before a list's entry ends: blank, a heading's colon, a sentence, a ruler, or
// another entry
const ENDS_LINE_BEFORE_ENTRY = /(?:^\s*|[:.!;>)\]|*=#-]\s*|@[^\s@]+\s*)$/;
// a line that goes on with the reply before it: indented as a wrapped line is, or another line of
// a multi-line reply ("550-...", "550 ...")
const CONTINUES = /^(?:[ \t]+\S|[45]\d\d[- ])/;
// a line that ends in a reply code, and one that starts with an enhanced status: a reply wrapped
// between the two
const WRAPPED_AFTER_CODE = /(?:^|[\s\[(=:])[45]\d\d[ \t]*$/;
const LEADS_WITH_STATUS = /^\s*[45]\.\d{1,3}\.\d{1,3}\b/;
// words that say a mailbox is not there, a colon, and a bare local part that ends the line
// ("Receiver not found: hank", "Unknown user: gina", "User unknown: tom")
const NAMED_LOCAL_PART =
  /(?:^|[\s:])(?:(?:user|recipient|receiver|addressee|mailbox|account)s? (?:not found|unknown|does not exist)|unknown (?:user|recipient|receiver|addressee|mailbox|account)|no such (?:user|recipient|mailbox|account))\s*:\s*([A-Za-z0-9][A-Za-z0-9._+-]{0,63})[ \t]*$/gim;
// a heading of success: "was delivered to", "successfully delivered", "delivery succeeded",
// "delivery to the following recipients was successful"
const DELIVERED = /\b(?:(?:was|were|has been|have been) (?:successfully )?delivered to|successfully delivered|delivered successfully|delivery (?:to [^.]{0,80})?(?:succeeded|(?:was|were) successful))\b/i;
const NEGATED = /\b(?:not|never|failed|failure|unsuccessful(?:ly)?|undeliver\w*)\b|n't\b/i;
// an address alone on its line: the next recipient of a list
const ADDRESS_ALONE = /^\s*(?:[-*•>]\s*)?["'<(]*[^\s@<>()"',;]+@[^\s<>()"',;]+[>)"']*\s*$/;

/** The reply's line at `at` and the lines of the same paragraph that continue it (at most eight),
 * up to an address alone on its line (the next recipient) or a new transcript line. */
function withContinuation(lines: string[], at: number): string {
  const out = [lines[at]!];
  for (let i = at + 1; i < lines.length && out.length <= 8; i++) {
    const line = lines[i]!;
    if (!CONTINUES.test(line) || ADDRESS_ALONE.test(line) || /(?:-->|>>>|<--|<<<)/.test(line)) break;
    out.push(line);
  }
  return out.join('\n');
}

/** A transcript elsewhere in the report whose `RCPT TO:<address>` drew a failure: the stage is RCPT
 * (not the MAIL FROM that a search for the first command would find). */
function refusedAtRcpt(lines: string[], low: string): string | null {
  const at = lines.findIndex((l) => /\bRCPT TO:/i.test(l) && l.toLowerCase().includes(low));
  const reply = at < 0 ? undefined : lines.slice(at + 1).find((l) => l.trim() !== '');
  return reply !== undefined && isFailure(reply) ? 'RCPT' : null;
}

/** In a session transcript, the command sent last before the reply at `at` ("--> RCPT To:<...>"). */
function commandBefore(lines: string[], at: number): string | null {
  for (let i = at - 1; i >= 0 && i >= at - 20; i--) {
    const sent = /(?:-->|>>>)\s*(.*)$/.exec(lines[i]!);
    if (sent) return findCommand(`>>> ${sent[1]!.trim()}`); // as sendmail's transcripts write it
  }
  return null;
}
