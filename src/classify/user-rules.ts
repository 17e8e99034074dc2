// Rules a user adds without a release (rule files, read and checked by src/config/rule-files.ts):
// phrases that name a reason, and a provider's own codes. Each carries where it was written, which
// is what a record keeps as the rule that decided it.
import type { BounceType, Reason } from '../vocabulary/index.js';

export interface UserPhrase {
  /** where it was written: `rules/local.toml:7` */
  id: string;
  reason: Reason;
  /** a case-insensitive substring (lower-cased) ... */
  text?: string;
  /** ... or a regular expression that passed the safety check (safe-pattern.ts) */
  pattern?: RegExp;
  /** only at these SMTP commands */
  commands?: readonly string[];
  /** only for this status class, subject or code: '5', '5.2', '5.2.2' */
  status?: string;
  /** only for this remote host or recipient domain (or a host or domain under it) */
  provider?: string;
  /** overrides the reason's hard/soft */
  type?: BounceType;
}

export interface UserProviderCode {
  id: string;
  /** the provider's own code or phrase, as a case-insensitive substring (lower-cased) */
  code: string;
  reason: Reason;
}

export interface UserProvider {
  id: string;
  name: string;
  /** remote hosts or recipient domains (a host or domain under one counts too), lower-cased */
  hosts: readonly string[];
  codes: readonly UserProviderCode[];
}

export interface UserRules {
  phrases: readonly UserPhrase[];
  providers: readonly UserProvider[];
}

export const NO_USER_RULES: UserRules = { phrases: [], providers: [] };

/** Is the host (or domain) this name or under it? */
export function underName(host: string, name: string): boolean {
  return host === name || host.endsWith(`.${name}`);
}
