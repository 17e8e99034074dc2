// Codes and text to a reason and hard/soft. The order is documented in the README:
//   1. the decoder's own verdict (a format or provider whose fixed phrases name the reason);
//   2. the provider's own codes and texts (rules/providers.ts), chosen by the remote host or domain;
//   3. one pass over the reasons in ORDER: a reason wins when the enhanced status names it (and the
//      text does not contradict it) or when its phrases match the text;
//   4. fallbacks from the status class, the action and the failed command.
import type { Action, BounceType, Reason } from '../vocabulary/index.js';
import { RETRIED_STATUS_REASONS, reasonForStatus } from './codes/status-reasons.js';
import { PHRASES, type Phrase } from './rules/phrases.js';
import { CONTRADICTS, FIRST_PASS, SECOND_PASS, TEXT_CONDITIONS, type TextCondition } from './rules/order.js';
import { providerReason } from './rules/providers.js';

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
  /** which rule decided: 'decoder', 'provider:google', 'status', 'text', 'fallback:...' */
  rule: string;
}

// Each reason's phrases as one regular expression: one scan of the text per reason.
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const compiled = new Map<Reason, RegExp>();
for (const [reason, list] of Object.entries(PHRASES) as Array<[Reason, Phrase[]]>) {
  const parts = list.map((p) => (typeof p === 'string' ? escape(p.toLowerCase()) : `(?:${p.source})`));
  compiled.set(reason, new RegExp(parts.join('|')));
}

// The last text asked about, with what each reason said of it: classify() asks about one text
// many times (first pass, contradictions, second pass).
let memoText = '';
const memo = new Map<Reason, boolean>();

/** Does the text (lower-cased) say this reason? */
export function textSays(reason: Reason, lower: string): boolean {
  if (!lower) return false;
  if (lower !== memoText) {
    memoText = lower;
    memo.clear();
  }
  let said = memo.get(reason);
  if (said === undefined) {
    said = compiled.get(reason)?.test(lower) ?? false;
    memo.set(reason, said);
  }
  return said;
}

export function matchText(lower: string, order: readonly Reason[]): Reason | null {
  for (const r of order) if (textSays(r, lower)) return r;
  return null;
}

const LOCAL_PROGRAM_REASONS: readonly Reason[] = ['systemerror', 'mailboxfull', 'mailererror', 'systemfull'];

const HARD: ReadonlySet<Reason> = new Set(['userunknown', 'hostunknown', 'hasmoved']);

export function bounceType(reason: Reason, status: string | null, smtpCode: number | null, text: string): BounceType | null {
  if (reason === 'delivered' || reason === 'feedback' || reason === 'vacation') return null;
  if (HARD.has(reason)) return 'hard';
  if (reason === 'notaccept') {
    const temporary =
      status?.startsWith('4') || (smtpCode !== null && smtpCode >= 400 && smtpCode < 500) || /temporar|persistent/i.test(text);
    return temporary ? 'soft' : 'hard';
  }
  return 'soft';
}

/** Other words for this reason said at the given command (undefined: at any listed command). */
function saysAlso(cond: TextCondition, lower: string, command: string | null | undefined, status: string | null): boolean {
  return (cond.also ?? []).some(
    (a) =>
      (command === undefined || atCommand(a, command)) &&
      !(a.notStatusSubject && status?.split('.')[1] === a.notStatusSubject) &&
      ((a.reasons ?? []).some((o) => textSays(o, lower)) ||
        (a.phrases ?? []).some((p) => (typeof p === 'string' ? lower.includes(p) : p.test(lower)))),
  );
}

/** Does a rule with these command limits apply at this command (null: not known)? */
function atCommand(limits: { commands?: readonly string[]; notCommands?: readonly string[] }, command: string | null): boolean {
  if (limits.commands) return command !== null && limits.commands.includes(command);
  if (limits.notCommands) return command === null || !limits.notCommands.includes(command);
  return true;
}

function textCounts(cond: TextCondition, command: string | null, status: string | null, byStatus: Reason | null): boolean {
  if (byStatus && cond.notWhenStatus?.includes(byStatus) && !(command && cond.notWhenStatusExceptAt?.includes(command))) return false;
  if (cond.orStatusSubject && status?.split('.')[1] === cond.orStatusSubject && !(command && cond.neverAtCommands?.includes(command))) return true;
  return atCommand(cond, command) || (!!cond.orStatusSilent && byStatus === null);
}

function isTransient(input: ClassifyInput): boolean {
  if (input.status) return input.status.startsWith('4');
  if (input.smtpCode !== null) return input.smtpCode >= 400 && input.smtpCode < 500;
  return input.action === 'delayed';
}

export function classify(input: ClassifyInput): Classification {
  const text = input.diagnostic ?? '';
  const decide = (found: Reason, rule: string): Classification => {
    // a name server that fails for now is a network problem, not a dead domain
    const reason = found === 'hostunknown' && isTransient(input) ? 'networkerror' : found;
    return { reason, rule, type: bounceType(reason, input.status, input.smtpCode, text) };
  };
  const action = input.action;
  if (action === 'delivered' || action === 'relayed' || action === 'expanded') return decide('delivered', 'action');
  if (input.status?.startsWith('2') && action !== 'failed' && action !== 'delayed') return decide('delivered', 'status');
  if (input.hint) return decide(input.hint, `decoder:${input.format ?? 'unknown'}`);

  const lower = text.toLowerCase();
  const provider = providerReason(input.remoteMta ?? null, input.address ?? null, lower, input.command ?? null);
  if (provider) return decide(provider.reason, `provider:${provider.provider}`);

  // a local program (pipe, procmail) failed: the status it was given says little, its words may say more
  if (input.diagnosticType?.toLowerCase() === 'x-unix') {
    return decide(matchText(lower, LOCAL_PROGRAM_REASONS) ?? 'mailererror', 'diagnostic-type');
  }
  const byStatus = input.status ? reasonForStatus(input.status) : null;
  const command = input.command ?? null;
  for (const r of FIRST_PASS) {
    const cond = TEXT_CONDITIONS[r];
    const statusCounts = !(command && cond?.neverAtCommands?.includes(command));
    if (byStatus === r && statusCounts) {
      // a status contradicted by the text is dropped, and so is this reason
      if ((CONTRADICTS[r] ?? []).some((other) => textSays(other, lower))) continue;
      if (!cond?.statusNeedsText || textSays(r, lower) || saysAlso(cond, lower, undefined, input.status)) return decide(r, 'status');
    }
    if (cond && saysAlso(cond, lower, command, input.status)) return decide(r, 'text+command');
    if (cond && !textCounts(cond, command, input.status, byStatus)) continue;
    if (cond?.notWhenTextSays?.some((other) => textSays(other, lower))) continue;
    if (textSays(r, lower)) return decide(r, 'text');
  }
  const atMail = command === 'MAIL' && (byStatus === 'userunknown' || byStatus === 'hostunknown');
  if (byStatus && !atMail && !RETRIED_STATUS_REASONS.has(byStatus)) return decide(byStatus, 'status');
  // a refusal at MAIL FROM is never about the recipient's address
  const barred = (r: Reason, at: string) => !!(TEXT_CONDITIONS[r]?.notCommands?.includes(at) || TEXT_CONDITIONS[r]?.neverAtCommands?.includes(at));
  const second = matchText(lower, command ? SECOND_PASS.filter((r) => !barred(r, command)) : SECOND_PASS);
  if (second) return decide(second, 'text');
  if (atMail) return decide('rejected', 'status+command');
  if (byStatus) return decide(byStatus, 'status');

  // refused at the greeting, whatever the status class says: the client was turned away
  const atGreeting = command === 'HELO' || command === 'EHLO' || command === 'CONN';
  if (atGreeting && action !== 'delayed') return decide('blocked', 'fallback:command');
  const cls = input.status?.slice(0, 3);
  if (cls === '5.6' || cls === '4.6') return decide('contenterror', 'fallback:status-class');
  if (cls === '5.7' || cls === '4.7') return decide('securityerror', 'fallback:status-class');
  if (input.diagnosticType?.toLowerCase() === 'x-unix') return decide('mailererror', 'fallback:x-unix');
  if (action === 'delayed') return decide('expired', 'fallback:delayed');
  return decide(text ? 'onhold' : 'undefined', 'fallback');
}
