// The shape of a provider's table (src/classify/providers/*.ts, one file per provider): receivers
// whose replies carry their own codes, which name the reason better than the enhanced status does
// (Microsoft answers "5.1.10" for an unknown recipient, which the registry reserves for null MX).
import type { Reason } from '../vocabulary/reasons.js';

/** Conditions on a provider's rule. */
export interface ProviderRuleWhen {
  /** only when answered to one of these SMTP commands */
  commands?: readonly string[];
  /** what it names instead when the failure is temporary (4.x.x, 4xx): Gmail's 4.7.28 throttles where 5.7.28 blocks */
  whenTemporary?: Reason;
}

/** A code or phrase (lower case) and the reason it names, with its conditions. */
export type ProviderRule = [RegExp, Reason] | [RegExp, Reason, ProviderRuleWhen];

export interface ProviderRules {
  name: string;
  /** remote MTA host names or recipient domains served by this provider */
  hosts: RegExp;
  rules: readonly ProviderRule[];
}
