// Which RCPT TO addresses the listener takes (pure). Only the bounce domains, so the listener is
// never a relay; with HMAC keys configured, only valid, unexpired signed return paths, so forged
// bounces (backscatter, or someone trying to get addresses suppressed) never reach the store, and
// the few role addresses a mail domain must have (postmaster, RFC 5321 4.5.1; abuse, RFC 2142; a
// feedback-loop address). Mail to those is kept, but what it says suppresses nobody unless it
// proves it answers our own mail (see pipeline/origin.ts).
import { domainKey } from '../../address.js';
import { type ReturnPathFailure, readReturnPath } from '../../return-path/return-path.js';

export interface RecipientRules {
  /** bounce domains (ASCII, lower case); empty: every domain */
  domains: readonly string[];
  prefix: string;
  /** key id → secret; empty: return paths are decoded but not required */
  secrets: Record<string, string>;
  /** local parts (lower case) taken without a signed return path when keys are configured */
  unsignedLocalParts: readonly string[];
}

/**
 * Where an accepted message's trust comes from: `signed`, a valid signed return path; `unsigned`,
 * keys are configured and it came to a role address; null, return paths are not required.
 */
export type Origin = 'signed' | 'unsigned' | null;

export type RecipientDecision =
  | { accept: true; recipient: string | null; sendId: string | null; signed: boolean; origin: Origin }
  | { accept: false; code: 550; enhanced: '5.7.1' | '5.1.1'; text: string; reason: 'foreign-domain' | ReturnPathFailure };

export function checkRecipient(address: string, rules: RecipientRules, now: Date): RecipientDecision {
  const at = address.lastIndexOf('@');
  const local = at > 0 ? address.slice(0, at) : address;
  const domain = at > 0 ? domainKey(address.slice(at + 1)) : '';
  const keyed = Object.keys(rules.secrets).length > 0;
  // RFC 5321 4.1.1.3: "postmaster" without a domain must be taken
  const barePostmaster = at < 0 && local.toLowerCase() === 'postmaster';
  if (!barePostmaster && rules.domains.length && !rules.domains.includes(domain)) {
    return { accept: false, code: 550, enhanced: '5.7.1', text: 'Relay access denied: not a bounce domain of this server', reason: 'foreign-domain' };
  }
  const role = { accept: true, recipient: null, sendId: null, signed: false, origin: keyed ? 'unsigned' : null } as const;
  if (barePostmaster) return role;
  const r = readReturnPath(local, domain, { secrets: rules.secrets, prefix: rules.prefix, now });
  if (r.ok) return { accept: true, recipient: r.recipient, sendId: r.sendId, signed: r.signed, origin: keyed ? 'signed' : null };
  if (keyed && rules.unsignedLocalParts.includes(local.toLowerCase())) return role;
  if (keyed) return { accept: false, code: 550, enhanced: '5.1.1', text: `No such return path (${r.reason})`, reason: r.reason };
  // no keys: any address at a bounce domain is taken, with nothing decoded from it
  return role;
}
