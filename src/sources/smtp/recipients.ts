// Which RCPT TO addresses the listener takes (pure). Only the bounce domains, so the listener is
// never a relay; with HMAC keys configured, only valid, unexpired signed return paths, so forged
// bounces (backscatter, or someone trying to get addresses suppressed) never reach the store.
import { domainKey } from '../../address.js';
import { type ReturnPathFailure, readReturnPath } from './return-path.js';

export interface RecipientRules {
  /** bounce domains (ASCII, lower case); empty: every domain */
  domains: readonly string[];
  prefix: string;
  /** key id → secret; empty: return paths are decoded but not required */
  secrets: Record<string, string>;
}

export type RecipientDecision =
  | { accept: true; recipient: string | null; sendId: string | null; signed: boolean }
  | { accept: false; code: 550; enhanced: '5.7.1' | '5.1.1'; text: string; reason: 'foreign-domain' | ReturnPathFailure };

export function checkRecipient(address: string, rules: RecipientRules, now: Date): RecipientDecision {
  const at = address.lastIndexOf('@');
  const local = at > 0 ? address.slice(0, at) : address;
  const domain = at > 0 ? domainKey(address.slice(at + 1)) : '';
  if (rules.domains.length && !rules.domains.includes(domain)) {
    return { accept: false, code: 550, enhanced: '5.7.1', text: 'Relay access denied: not a bounce domain of this server', reason: 'foreign-domain' };
  }
  const keyed = Object.keys(rules.secrets).length > 0;
  const r = readReturnPath(local, domain, { secrets: rules.secrets, prefix: rules.prefix, now });
  if (r.ok) return { accept: true, recipient: r.recipient, sendId: r.sendId, signed: r.signed };
  if (keyed) return { accept: false, code: 550, enhanced: '5.1.1', text: `No such return path (${r.reason})`, reason: r.reason };
  // no keys: any address at a bounce domain is taken, with nothing decoded from it
  return { accept: true, recipient: null, sendId: null, signed: false };
}
