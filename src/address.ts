// One normal form for every address the project stores or looks up: trimmed, angle brackets and a
// mailto: prefix removed, lower-cased, domain in ASCII (punycode) form. The ASCII form is the key,
// so `user@bücher.example` and `user@xn--bcher-kva.example` are the same address.
import { domainToASCII, domainToUnicode } from 'node:url';

export interface Address {
  /** the key: local part lower-cased, domain in ASCII form */
  address: string;
  local: string;
  /** ASCII (punycode) domain */
  domain: string;
  /** the same address with its domain in Unicode form, for people */
  unicode: string;
}

export function normalizeAddress(input: string): Address | null {
  let s = input.trim();
  if (s.startsWith('<') && s.endsWith('>')) s = s.slice(1, -1).trim();
  s = s.replace(/^mailto:/i, '').toLowerCase();
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1 || /\s/.test(s)) return null;
  const local = s.slice(0, at);
  const [domain, unicodeDomain] = domainForms(s.slice(at + 1).replace(/\.$/, ''));
  return { address: `${local}@${domain}`, local, domain, unicode: `${local}@${unicodeDomain}` };
}

// IDN conversion is slow next to the rest of ingestion, and few domains recur: remembered
const forms = new Map<string, [ascii: string, unicode: string]>();

function domainForms(rawDomain: string): [string, string] {
  let f = forms.get(rawDomain);
  if (!f) {
    // domainToASCII returns '' for what is not a valid domain: keep the lower-cased text then
    const ascii = domainToASCII(rawDomain) || rawDomain;
    f = [ascii, domainToUnicode(ascii) || rawDomain];
    if (forms.size >= 50_000) forms.clear();
    forms.set(rawDomain, f);
  }
  return f;
}

/** The key form, or the trimmed lower-cased text when it is no address at all. */
export function addressKey(input: string): string {
  return normalizeAddress(input)?.address ?? input.trim().toLowerCase();
}

/** The domain key of a domain name typed by a person (`Bücher.example` → `xn--bcher-kva.example`). */
export function domainKey(input: string): string {
  const d = input.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
  return domainToASCII(d) || d;
}
