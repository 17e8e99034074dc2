// The shape of a provider's table (src/classify/providers/*.ts, one file per provider): receivers
// whose replies carry their own codes, which name the reason better than the enhanced status does
// (Microsoft answers "5.1.10" for an unknown recipient, which the registry reserves for null MX).
import type { Reason } from '../vocabulary/reasons.js';

/** A code or phrase (lower case) and the reason it names; with `commands`, only when answered to one of them. */
export type ProviderRule = [RegExp, Reason] | [RegExp, Reason, { commands: readonly string[] }];

export interface ProviderRules {
  name: string;
  /** remote MTA host names or recipient domains served by this provider */
  hosts: RegExp;
  rules: readonly ProviderRule[];
}
