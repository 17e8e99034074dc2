// The built-in rules and a user's, compiled once: each group of a reason's phrases becomes one
// regular expression (one scan of the text per group).
import type { Reason } from '../vocabulary/reasons.js';
import type { Phrase, PhraseGroup, ReasonRules } from './reason-rules.js';
import type { ProviderRules } from './provider-rules.js';
import type { UserRules } from './user-rules.js';
import { REASON_RULES } from './reasons/index.js';
import { PROVIDERS } from './providers/index.js';
import { ORDER, STATUS } from './order.js';

export interface CompiledGroup {
  group: PhraseGroup;
  re: RegExp;
  /** which phrase matched: the same alternatives, each captured; `at[i]` is the capture of phrase i (built on first use) */
  which(): { re: RegExp; at: readonly number[] };
  /** how many phrases the reason's earlier groups have (phrases are numbered across groups) */
  first: number;
}

export interface CompiledReason {
  rules: ReasonRules;
  groups: CompiledGroup[];
}

export interface RuleBook {
  reasons: ReadonlyMap<Reason, CompiledReason>;
  /** the reasons before STATUS in the order (order.ts), and every reason with words, in order */
  beforeStatus: readonly CompiledReason[];
  allWords: readonly CompiledReason[];
  /** what a local program's failure (x-unix) may say */
  localProgram: readonly CompiledReason[];
  providers: readonly ProviderRules[];
  user: UserRules;
  /** a user pattern reads at most this much of the text (safe-pattern.ts bounds its cost by it) */
  patternWindow: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// one expression per list of phrases: a list two reasons share (filtered reads userunknown's) is
// compiled once, and so scanned once per text
const compiledLists = new Map<readonly Phrase[], RegExp>();
function compileList(text: readonly Phrase[]): RegExp {
  let re = compiledLists.get(text);
  if (!re) {
    const parts = text.map((p) => (typeof p === 'string' ? escape(p.toLowerCase()) : `(?:${p.source})`));
    compiledLists.set(text, (re = new RegExp(parts.join('|'))));
  }
  return re;
}

function capturing(text: readonly Phrase[]): ReturnType<CompiledGroup['which']> {
  const at: number[] = [];
  let n = 1;
  const parts = text.map((p) => {
    const source = typeof p === 'string' ? escape(p.toLowerCase()) : p.source;
    at.push(n);
    // the phrase's own groups (a regular expression's) come after its capture
    n += 1 + (typeof p === 'string' ? 0 : new RegExp(`${source}|`).exec('')!.length - 1);
    return `(${source})`;
  });
  return { re: new RegExp(parts.join('|')), at };
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

function compileReason(rules: ReasonRules): CompiledReason {
  let first = 0;
  const groups = rules.phrases.map((group) => {
    const compiled = { group, re: compileList(group.text), which: lazy(() => capturing(group.text)), first };
    first += group.text.length;
    return compiled;
  });
  return { rules, groups };
}

const BUILTIN_REASONS: ReadonlyMap<Reason, CompiledReason> = new Map(REASON_RULES.map((r) => [r.reason, compileReason(r)]));
const inOrder = (list: ReadonlyArray<Reason | typeof STATUS>) => list.filter((r) => r !== STATUS).map((r) => BUILTIN_REASONS.get(r as Reason)!);
const BEFORE_STATUS = inOrder(ORDER.slice(0, ORDER.indexOf(STATUS)));
const ALL_WORDS = inOrder(ORDER).filter((c) => c.groups.length > 0);
const LOCAL_PROGRAM = inOrder(['systemerror', 'mailboxfull', 'mailererror', 'systemfull']);

export const PATTERN_WINDOW = 2048;

/** `providerTables: false` leaves the built-in provider tables out (what a provider never seen gets). */
export function ruleBook(user: UserRules, options: { providerTables?: boolean } = {}): RuleBook {
  return {
    reasons: BUILTIN_REASONS,
    beforeStatus: BEFORE_STATUS,
    allWords: ALL_WORDS,
    localProgram: LOCAL_PROGRAM,
    providers: options.providerTables === false ? [] : PROVIDERS,
    user,
    patternWindow: PATTERN_WINDOW,
  };
}
