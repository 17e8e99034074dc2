// Receivers whose replies carry their own codes: the code or phrase names the reason better than the
// enhanced status does. A provider is chosen by the remote host (or the recipient's domain), and its
// rules are tried in order. Data: a new provider is a new entry.
import type { Reason } from '../../parse/types.js';

export interface ProviderRules {
  name: string;
  /** remote MTA host names (or recipient domains) served by this provider */
  hosts: RegExp;
  rules: Array<[RegExp, Reason]>;
}

export const PROVIDERS: ProviderRules[] = [];

export function providerReason(
  remoteMta: string | null,
  address: string | null,
  lowerText: string,
  _status: string | null,
  _smtpCode: number | null,
): { provider: string; reason: Reason } | null {
  const host = (remoteMta ?? '').toLowerCase();
  const domain = address ? address.slice(address.lastIndexOf('@') + 1).toLowerCase() : '';
  for (const p of PROVIDERS) {
    if (!(host && p.hosts.test(host)) && !(domain && p.hosts.test(domain))) continue;
    for (const [re, reason] of p.rules) if (re.test(lowerText)) return { provider: p.name, reason };
  }
  return null;
}
