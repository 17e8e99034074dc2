// The built-in rules and a user's, compiled once: each group of a reason's phrases becomes one
// regular expression (one scan of the text per group).
import type { Reason } from '../vocabulary/reasons.js';
import type { PhraseGroup, ReasonRules } from './reason-rules.js';
import type { ProviderRules } from './provider-rules.js';
import type { UserRules } from './user-rules.js';
import { REASON_RULES } from './reasons/index.js';
import { PROVIDERS } from './providers/index.js';

export interface CompiledGroup {
  group: PhraseGroup;
  re: RegExp;
  /** how many phrases the reason's earlier groups have (phrases are numbered across groups) */
  first: number;
}

export interface CompiledReason {
  rules: ReasonRules;
  groups: CompiledGroup[];
}

export interface RuleBook {
  reasons: ReadonlyMap<Reason, CompiledReason>;
  providers: readonly ProviderRules[];
  user: UserRules;
  /** a user pattern reads at most this much of the text (safe-pattern.ts bounds its cost by it) */
  patternWindow: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compileReason(rules: ReasonRules): CompiledReason {
  let first = 0;
  const groups = rules.phrases.map((group) => {
    const parts = group.text.map((p) => (typeof p === 'string' ? escape(p.toLowerCase()) : `(?:${p.source})`));
    const compiled = { group, re: new RegExp(parts.join('|')), first };
    first += group.text.length;
    return compiled;
  });
  return { rules, groups };
}

const BUILTIN_REASONS: ReadonlyMap<Reason, CompiledReason> = new Map(REASON_RULES.map((r) => [r.reason, compileReason(r)]));

export const PATTERN_WINDOW = 2048;

export function ruleBook(user: UserRules): RuleBook {
  return { reasons: BUILTIN_REASONS, providers: PROVIDERS, user, patternWindow: PATTERN_WINDOW };
}
