// The facts of one recipient to a reason and hard/soft, by a rule book (rule-book.ts). The order,
// documented in the README ("How a reason is decided"):
//   1. a delivery (the action, or a 2.x.x status);
//   2. the user's provider tables, chosen by the remote host or the recipient's domain;
//   3. the decoder's hint (a format whose fixed sentence names the cause);
//   4. the built-in provider tables (src/classify/providers/);
//   5. the user's phrases;
//   6. the built-in reasons (src/classify/reasons/), in the order of order.ts: first the reasons
//      before STATUS, by their status and their words with their conditions; then a status that names
//      a reason; then every reason's own words again, wherever they were said;
//   7. fallbacks from the status class, the action and the failed command.
import type { Action, BounceType, Reason } from '../vocabulary/index.js';
import { statusClassEntry, statusEntry } from './statuses.js';
import type { CompiledReason, PhraseList, RuleBook } from './rule-book.js';
import type { ProviderRuleWhen } from './provider-rules.js';
import { underName } from './user-rules.js';

export interface ClassifyInput {
  status: string | null;
  smtpCode: number | null;
  diagnostic: string | null;
  action: Action | null;
  command?: string | null;
  remoteMta?: string | null;
  address?: string | null;
  /** the decoder's hint, when the format's own fixed sentence names the cause */
  hint?: Reason | null;
  /** the decoder that read the report, for naming the rule a hint decided by */
  format?: string | null;
  /** `x-unix`, `smtp`, ... from Diagnostic-Code */
  diagnosticType?: string | null;
}

export interface Classification {
  reason: Reason;
  type: BounceType | null;
  /** which rule decided: `builtin:userunknown#phrase-12`, `builtin:provider-google#1`, `decoder:qmail`, `rules/local.toml:7`, ... */
  rule: string;
}

const NO_TYPE: ReadonlySet<Reason> = new Set(['delivered', 'feedback', 'vacation']);

/** What the text says, asked once per reason and group for one recipient: the substrings of every
 * reason are found in one scan of the text (when first asked), a group's expressions when needed. */
class Words {
  private memo = new Map<PhraseList, boolean>();
  private found: Int32Array | null = null;
  constructor(
    private readonly book: RuleBook,
    readonly lower: string,
  ) {}

  /** where each built-in substring first occurs (-1: nowhere) */
  private firsts(): Int32Array {
    return (this.found ??= this.book.phrases.scan(this.lower));
  }

  /** does this group of the reason's words match? */
  group(c: CompiledReason, g: number): boolean {
    return this.list(c.groups[g]!.list);
  }

  /** are the reason's words about someone else (its `unlessSaid`)? */
  elsewhere(c: CompiledReason): boolean {
    return c.unless !== null && this.list(c.unless);
  }

  /** does a phrase of this list match? */
  private list(list: PhraseList): boolean {
    if (!this.lower) return false;
    let said = this.memo.get(list);
    if (said === undefined) {
      const found = this.firsts();
      said = list.strings.some((id) => found[id]! >= 0) || (list.patterns !== null && list.patterns.test(this.lower));
      this.memo.set(list, said);
    }
    return said;
  }

  /** the reason's own words (its first group) */
  says(c: CompiledReason): boolean {
    return c.groups.length > 0 && this.group(c, 0);
  }

  /** the rule id of the group's phrase that matched: the one found first in the text (the earliest listed there) */
  which(c: CompiledReason, g: number): string {
    const group = c.groups[g]!;
    const found = this.firsts();
    // the expressions' earliest match, and which of them made it
    const m = group.list.patterns?.exec(this.lower);
    const matched = m ? m.findIndex((x, k) => k > 0 && x !== undefined) : -1;
    let best = -1;
    let bestAt = Infinity;
    group.list.order.forEach((p, i) => {
      const at = typeof p === 'number' ? found[p]! : p.group === matched ? m!.index : -1;
      if (at >= 0 && at < bestAt) {
        bestAt = at;
        best = i;
      }
    });
    return `builtin:${c.rules.reason}#phrase-${group.first + Math.max(best, 0) + 1}`;
  }
}

function isTransient(input: ClassifyInput): boolean {
  if (input.status) return input.status.startsWith('4');
  if (input.smtpCode !== null) return input.smtpCode >= 400 && input.smtpCode < 500;
  return input.action === 'delayed';
}

export function bounceType(book: RuleBook, reason: Reason, input: ClassifyInput): BounceType | null {
  if (NO_TYPE.has(reason)) return null;
  const type = book.reasons.get(reason)?.rules.type ?? 'soft';
  if (type !== 'hard-when-permanent') return type;
  const temporary = isTransient({ ...input, action: null }) || /temporar|persistent/i.test(input.diagnostic ?? '');
  return temporary ? 'soft' : 'hard';
}

const atCommand = (at: readonly string[] | undefined, notAt: readonly string[] | undefined, command: string | null) =>
  (!at || (command !== null && at.includes(command))) && !(notAt && command !== null && notAt.includes(command));

/** The reason, adjusted for a temporary failure, with its type and the rule that decided. */
function decided(book: RuleBook, input: ClassifyInput, found: Reason, rule: string, type?: BounceType): Classification {
  // a temporary status may contradict a reason: a name server that fails for now is a network problem
  const instead = book.reasons.get(found)?.rules.whenTemporary;
  const reason = instead && isTransient(input) ? instead : found;
  return { reason, rule, type: type ?? bounceType(book, reason, input) };
}

const neverHere = (c: CompiledReason, command: string | null) => command !== null && !!c.rules.neverAt?.includes(command);

/** A rule the user wrote (their provider codes, or their phrases), or null. */
function userRule(book: RuleBook, input: ClassifyInput, lower: string, which: 'providers' | 'phrases'): Classification | null {
  const host = (input.remoteMta ?? '').toLowerCase().replace(/\.$/, '');
  const domain = input.address ? input.address.slice(input.address.lastIndexOf('@') + 1).toLowerCase() : '';
  const servedBy = (name: string) => (!!host && underName(host, name)) || (!!domain && underName(domain, name));
  if (which === 'providers') {
    for (const p of book.user.providers) {
      if (!p.hosts.some(servedBy)) continue;
      const c = p.codes.find((c) => lower.includes(c.code));
      if (c) return decided(book, input, c.reason, c.id);
    }
    return null;
  }
  const command = input.command ?? null;
  const statusOf = input.status ?? (input.smtpCode !== null ? String(input.smtpCode)[0] : null);
  for (const u of book.user.phrases) {
    if (u.commands && (command === null || !u.commands.includes(command))) continue;
    if (u.status && !(statusOf && (statusOf === u.status || statusOf.startsWith(`${u.status}.`)))) continue;
    if (u.provider && !servedBy(u.provider)) continue;
    if (u.text !== undefined ? lower.includes(u.text) : u.pattern!.test(lower.slice(0, book.patternWindow))) return decided(book, input, u.reason, u.id, u.type);
  }
  return null;
}

/** A built-in provider's own code or phrase, chosen by the remote host or the recipient's domain. */
function providerRule(book: RuleBook, input: ClassifyInput, lower: string): Classification | null {
  const host = (input.remoteMta ?? '').toLowerCase().replace(/\.$/, '');
  const domain = input.address ? input.address.slice(input.address.lastIndexOf('@') + 1).toLowerCase() : '';
  const p = book.providers.find((p) => (host && p.hosts.test(host)) || (domain && p.hosts.test(domain)));
  if (!p) return null;
  const command = input.command ?? null;
  const fits = (reason: Reason, when: ProviderRuleWhen | undefined) => {
    const r = book.reasons.get(reason);
    return (!when?.commands || (command !== null && when.commands.includes(command))) && !(r && neverHere(r, command));
  };
  const i = p.rules.findIndex(([re, reason, when]) => fits(reason, when) && re.test(lower));
  if (i < 0) return null;
  const [, reason, when] = p.rules[i]!;
  const found = when?.whenTemporary && isTransient(input) ? when.whenTemporary : reason;
  return decided(book, input, found, `builtin:provider-${p.name}#${i + 1}`);
}

export function classifyWith(book: RuleBook, input: ClassifyInput): Classification {
  const action = input.action;
  if (action === 'delivered' || action === 'relayed' || action === 'expanded') return decided(book, input, 'delivered', 'builtin:delivered#action');
  if (input.status?.startsWith('2') && action !== 'failed' && action !== 'delayed') return decided(book, input, 'delivered', 'builtin:delivered#status-2');

  const lower = (input.diagnostic ?? '').toLowerCase();
  const command = input.command ?? null;
  const hasUserRules = book.user.providers.length > 0 || book.user.phrases.length > 0;
  if (lower && hasUserRules) {
    const mine = userRule(book, input, lower, 'providers');
    if (mine) return mine;
  }
  // a decoder's fixed sentence names the cause, but not the stage: an address-level reason
  // (userunknown, hostunknown, hasmoved) said at MAIL FROM is about the sender, so the hint yields
  const hinted = input.hint ? book.reasons.get(input.hint) : undefined;
  if (input.hint && !(hinted && neverHere(hinted, command))) return decided(book, input, input.hint, `decoder:${input.format ?? 'unknown'}`);
  if (lower) {
    const theirs = providerRule(book, input, lower) ?? (hasUserRules ? userRule(book, input, lower, 'phrases') : null);
    if (theirs) return theirs;
  }

  const words = new Words(book, lower);
  // a local program (pipe, procmail) failed: the status it was given says little, its words may say more
  if (input.diagnosticType?.toLowerCase() === 'x-unix') {
    const c = book.localProgram.find((c) => words.says(c));
    return c ? decided(book, input, c.rules.reason, words.which(c, 0)) : decided(book, input, 'mailererror', 'builtin:mailererror#diagnostic-type');
  }

  const entry = input.status ? statusEntry(input.status) : null;
  const byStatus = entry?.reason ?? null;
  const status = input.status ?? '';
  // the status blames the sender's address (X.1.7, X.1.8: a reply to RCPT TO may refuse the
  // sender, "550 5.1.7 <a@b>: Sender address rejected: ... User unknown"): the failure is the
  // sender's, as at MAIL FROM, and no address-level reason applies to the recipient
  const aboutSender = /^[45]\.1\.[78]$/.test(status);
  const stage = aboutSender ? 'MAIL' : command;
  // the status blames the recipient's address (X.1.x but those)
  const addressing = status.startsWith('.1.', 1) && !aboutSender;
  // the status names the mailbox's state (X.2.x) or a policy (X.7.x)
  const mailboxOrPolicy = status.startsWith('.2.', 1) || status.startsWith('.7.', 1);
  let statusWaits = false;
  for (const c of book.beforeStatus) {
    if (neverHere(c, stage)) continue;
    const r = c.rules;
    if (byStatus === r.reason) {
      // a status contradicted by the text is dropped, and so are this reason's words
      if (r.statusContradictedBy?.some((o) => words.says(book.reasons.get(o)!))) {
        statusWaits = true;
        continue;
      }
      if (r.statusDecides !== 'with-its-words' || c.groups.some((_, g) => words.group(c, g))) {
        return decided(book, input, byStatus, `builtin:${byStatus}#status-${entry!.key}`);
      }
    }
    if (r.wordsYieldTo?.some((o) => words.says(book.reasons.get(o)!)) || words.elsewhere(c)) continue;
    for (let g = 0; g < c.groups.length; g++) {
      const group = c.groups[g]!.group;
      if (group.unlessStatus === 'addressing' && addressing) continue;
      if (group.unlessStatus === 'mailbox-or-policy' && mailboxOrPolicy) continue;
      const counts =
        atCommand(group.at, group.notAt, command) ||
        (group.orStatus === 'silent' && byStatus === null) ||
        (group.orStatus === 'addressing' && addressing);
      if (counts && words.group(c, g)) return decided(book, input, r.reason, words.which(c, g));
    }
  }
  const statusReason = byStatus ? book.reasons.get(byStatus) : undefined;
  // a refusal at MAIL FROM is never about the recipient's address
  const atMail = stage === 'MAIL' && !!statusReason && neverHere(statusReason, stage);
  if (byStatus && !atMail && !statusWaits && statusReason?.rules.statusDecides !== 'after-all-words') {
    return decided(book, input, byStatus, `builtin:${byStatus}#status-${entry!.key}`);
  }
  // words about an address said at a stage they never apply to (an unknown user at MAIL FROM)
  let saidOfSender = false;
  for (const c of book.allWords) {
    if (neverHere(c, stage)) {
      saidOfSender ||= stage === 'MAIL' && words.says(c);
      continue;
    }
    if (command !== null && c.groups[0]!.group.notAt?.includes(command)) continue;
    if (words.says(c) && !words.elsewhere(c)) return decided(book, input, c.rules.reason, words.which(c, 0));
  }
  if (atMail) return decided(book, input, 'rejected', 'builtin:rejected#status-at-mail');
  if (saidOfSender && !byStatus) return decided(book, input, 'rejected', 'builtin:rejected#words-at-mail');
  if (byStatus) return decided(book, input, byStatus, `builtin:${byStatus}#status-${entry!.key}`);

  // refused at the greeting, whatever the status class says: the client was turned away. Without a
  // server's reply (a connection refused, no answer), no server turned it away: the sender's system
  // failed to connect until it stopped trying
  const atGreeting = command === 'HELO' || command === 'EHLO' || command === 'CONN';
  if (atGreeting && action !== 'delayed') {
    return input.smtpCode !== null ? decided(book, input, 'blocked', 'builtin:blocked#greeting') : decided(book, input, 'expired', 'builtin:expired#no-connection');
  }
  // refused at MAIL FROM with no words that say why: the sender was refused, never the recipient
  if (command === 'MAIL' && action !== 'delayed') return decided(book, input, 'rejected', 'builtin:rejected#at-mail');
  const byClass = input.status ? statusClassEntry(input.status) : null;
  if (byClass) return decided(book, input, byClass.reason, `builtin:${byClass.reason}#status-class-${byClass.key}`);
  if (action === 'delayed') return decided(book, input, 'expired', 'builtin:expired#delayed');
  return decided(book, input, lower ? 'onhold' : 'undefined', 'builtin:fallback');
}
