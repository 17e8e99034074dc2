// The reason vocabulary: Sisimai's (5.6 and later), so results compare directly with the most
// established bounce classifier. A leaf: it imports nothing, and both the parser and the classifier
// take their names from here.

/** Every reason a recipient can be given. */
export const REASONS = [
  'authfailure', 'badreputation', 'blocked', 'contenterror', 'delivered', 'emailtoolarge', 'expired',
  'failedstarttls', 'feedback', 'filtered', 'hasmoved', 'hostunknown', 'mailboxfull', 'mailererror',
  'networkerror', 'norelaying', 'notaccept', 'notcompliantrfc', 'onhold', 'policyviolation', 'ratelimited',
  'rejected', 'requireptr', 'securityerror', 'spamdetected', 'suppressed', 'suspend', 'syntaxerror',
  'systemerror', 'systemfull', 'undefined', 'userunknown', 'vacation', 'virusdetected',
] as const;
export type Reason = (typeof REASONS)[number];

/**
 * Older names, accepted wherever a person writes a reason (policy settings, rule files, API
 * filters) and never output: Sisimai 5.6 merged `speeding` and `toomanyconn` into `ratelimited`,
 * `mesgtoobig` and `exceedlimit` into `emailtoolarge`.
 */
export const REASON_ALIASES: Readonly<Record<string, Reason>> = {
  speeding: 'ratelimited',
  toomanyconn: 'ratelimited',
  mesgtoobig: 'emailtoolarge',
  exceedlimit: 'emailtoolarge',
};

const KNOWN: ReadonlySet<string> = new Set(REASONS);

/** The current name of a reason or of an alias (any case); null when it is neither. */
export function canonicalReason(name: string): Reason | null {
  const n = name.trim().toLowerCase();
  if (KNOWN.has(n)) return n as Reason;
  return REASON_ALIASES[n] ?? null;
}

/** Every name a person may write: the reasons, then the aliases. */
export const REASON_NAMES: readonly string[] = [...REASONS, ...Object.keys(REASON_ALIASES)];
