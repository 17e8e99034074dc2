// The built-in rules and a user's, compiled once. Every substring phrase of every reason goes into
// one index (phrase-index.ts): a diagnostic is scanned once for all of them. A group's
// regular expressions become one expression, tried only when its substrings are not found.
import type { Reason } from '../vocabulary/reasons.js';
import type { Phrase, PhraseGroup, ReasonRules } from './reason-rules.js';
import type { ProviderRules } from './provider-rules.js';
import type { UserRules } from './user-rules.js';
import { REASON_RULES } from './reasons/index.js';
import { PROVIDERS } from './providers/index.js';
import { ORDER, STATUS } from './order.js';
import { PhraseIndex } from './phrase-index.js';

/** A list of phrases, compiled: a list two reasons share (filtered reads userunknown's) is compiled once. */
export interface PhraseList {
  /** its substrings, as ids in the book's phrase index */
  strings: readonly number[];
  /** its regular expressions as one alternation, each one a capturing group (no flags: they read
   * the lower-cased text), or null. Its match is the earliest of theirs (the first listed, at equal
   * places), and the group that took part tells which: no expression is compiled a second time on
   * its own (compiling them costs more than running them). */
  patterns: RegExp | null;
  /** each phrase in order: a substring's id, or (as { group }) the expression's group in `patterns` */
  order: ReadonlyArray<number | { group: number }>;
}

export interface CompiledGroup {
  group: PhraseGroup;
  list: PhraseList;
  /** how many phrases the reason's earlier groups have (phrases are numbered across groups) */
  first: number;
}

export interface CompiledReason {
  rules: ReasonRules;
  groups: CompiledGroup[];
  /** the words that take its own words away (`unlessSaid`), or null */
  unless: PhraseList | null;
}

export interface RuleBook {
  reasons: ReadonlyMap<Reason, CompiledReason>;
  /** every built-in substring phrase: one scan of a text finds them all */
  phrases: PhraseIndex;
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

const PHRASES = new PhraseIndex();
const compiledLists = new Map<readonly Phrase[], PhraseList>();

function compileList(text: readonly Phrase[]): PhraseList {
  let list = compiledLists.get(text);
  if (!list) {
    let groups = 0;
    const order = text.map((p) => (typeof p === 'string' ? PHRASES.add(p.toLowerCase()) : { group: ++groups }));
    const sources = text.filter((p): p is RegExp => typeof p !== 'string').map((p) => `(${p.source})`);
    // (a built-in expression has no capturing group of its own: test/classify-phrase-index.test.ts)
    const patterns = sources.length ? new RegExp(sources.join('|')) : null;
    list = { strings: order.filter((p): p is number => typeof p === 'number'), patterns, order };
    compiledLists.set(text, list);
  }
  return list;
}

/** every field of T present (a field added to T must be copied here too) */
type AllFields<T> = { [K in keyof Required<T>]: T[K] };

/** A reason's rules and groups copied into one shape each, every optional field present: each
 * reason file writes its own subset of fields, and the classifier, reading them at the same places
 * for ~30 shapes, would look each field up the slow (megamorphic) way. */
function compileReason(r: ReasonRules): CompiledReason {
  let first = 0;
  const groups = r.phrases.map((g) => {
    const group: AllFields<PhraseGroup> = { text: g.text, at: g.at, notAt: g.notAt, orStatus: g.orStatus, unlessStatus: g.unlessStatus };
    const compiled = { group, list: compileList(g.text), first };
    first += g.text.length;
    return compiled;
  });
  const rules: AllFields<ReasonRules> = {
    reason: r.reason,
    type: r.type,
    statuses: r.statuses,
    statusDecides: r.statusDecides,
    neverAt: r.neverAt,
    statusContradictedBy: r.statusContradictedBy,
    wordsYieldTo: r.wordsYieldTo,
    unlessSaid: r.unlessSaid,
    whenTemporary: r.whenTemporary,
    phrases: r.phrases,
  };
  return { rules, groups, unless: r.unlessSaid ? compileList(r.unlessSaid) : null };
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
    phrases: PHRASES,
    beforeStatus: BEFORE_STATUS,
    allWords: ALL_WORDS,
    localProgram: LOCAL_PROGRAM,
    providers: options.providerTables === false ? [] : PROVIDERS,
    user,
    patternWindow: PATTERN_WINDOW,
  };
}
