// The one address rule: what an email address is, and its one normal form, for every address the
// project stores or looks up (the parser's records, the CLI, the HTTP API, the exports).
//
// Accepted: `local@domain`, after trimming and without angle brackets or a `mailto:` prefix. The
// local part is a dot-atom (RFC 5322 atext and dots, plus any non-ASCII character, RFC 6531; runs
// of dots are kept, since some mobile carriers hand such addresses out) or a quoted string (RFC
// 5321 4.1.2: printable characters and spaces, `\` escapes). The domain is a domain name (either
// IDN form) or an address literal (`[192.0.2.1]`, `[IPv6:...]`).
// Refused, with the reason: control characters (NUL included) and whitespace anywhere outside
// quotes, characters an unquoted local part cannot hold (`a,b@example.com`), a second `@`, a domain
// that is not a domain name, more than 320 characters.
//
// The normal form (the key): local part lower-cased, domain in ASCII (punycode) form, so that
// `User@Bücher.example` and `user@xn--bcher-kva.example` are the same address. A quoted local part
// that needs no quotes loses them (`"john"@x` is `john@x`); one that needs them keeps them, with
// only `"` and `\` escaped. A local part that is an RFC 2047 encoded word (`=?utf-8?B?...?=`, a
// header encoding that should never reach an address) keeps its case: lower-casing base64 would
// change the bytes it stands for.
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

export const MAX_ADDRESS_LENGTH = 320;

/** An address that breaks the rule: `message` says why (it does not repeat the input). */
export class AddressError extends Error {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(message);
  }
}

// C0 and C1 controls, DEL; and every character JavaScript calls whitespace (NBSP, U+2028, U+3000, BOM ...)
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;
const SPACE = /\s/;
// the URL host parser behind domainToASCII stops at these (`evil.example/x` → `evil.example`) or
// decodes them (`a%2eexample` → `a.example`): a domain holding one is no domain, not a shorter one
const URL_DELIMITER = /[/?#\\@:%]/;
/** RFC 5322 atext, dots, and the non-ASCII characters of RFC 6531 */
const DOT_ATOM_CHARS = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.\u0080-\uffff]+$/;
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\uffff]+(?:\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\uffff]+)*$/;
const ENCODED_WORD = /^=\?[^?]+\?[bq]\?[^?]*\?=$/i;
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const LITERAL = /^\[(?:\d{1,3}(?:\.\d{1,3}){3}|ipv6:[0-9a-f:.]+)\]$/i;

/** The address in its normal form, or an AddressError saying what is wrong with it. */
export function readAddress(input: string): Address | AddressError {
  const fail = (why: string) => new AddressError(input, why);
  let s = input.trim();
  if (s.startsWith('<') && s.endsWith('>')) s = s.slice(1, -1).trim();
  s = s.replace(/^mailto:/i, '');
  if (!s) return fail('empty');
  if (s.length > MAX_ADDRESS_LENGTH) return fail(`longer than ${MAX_ADDRESS_LENGTH} characters`);
  const control = CONTROL.exec(s);
  if (control) return fail(`control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
  const split = splitAddress(s);
  if (typeof split === 'string') return fail(split);
  const local = normalLocal(split.local);
  if (typeof local !== 'string') return fail(local.problem);
  const domain = domainForms(split.domain);
  if (!domain) return fail(`${JSON.stringify(split.domain)} is not a domain name`);
  return { address: `${local}@${domain[0]}`, local, domain: domain[0], unicode: `${local}@${domain[1]}` };
}

/** The normal form, or null when it is no address (readAddress says why). */
export function normalizeAddress(input: string): Address | null {
  const a = readAddress(input);
  return a instanceof AddressError ? null : a;
}

/** The normal form; throws an AddressError naming the input and what is wrong with it. */
export function parseAddress(input: string): Address {
  const a = readAddress(input);
  if (a instanceof AddressError) throw new AddressError(input, `not an email address: ${JSON.stringify(input)}: ${a.message}`);
  return a;
}

/** `"quoted string"@domain` or `dot.atom@domain`, split at the `@` that ends the local part. */
function splitAddress(s: string): { local: string; domain: string } | string {
  let end: number;
  if (s.startsWith('"')) {
    end = 1;
    while (end < s.length && s[end] !== '"') end += s[end] === '\\' ? 2 : 1;
    if (end >= s.length) return 'an unclosed quote';
    end++;
    if (s[end] !== '@') return s.includes('@', end) ? 'characters between the quoted local part and the @' : 'no @';
  } else {
    end = s.indexOf('@');
    if (end < 0) return 'no @';
    if (s.indexOf('@', end + 1) >= 0) return 'more than one @ (quote a local part that holds one)';
  }
  if (end === 0) return 'no local part before the @';
  if (end === s.length - 1) return 'no domain after the @';
  return { local: s.slice(0, end), domain: s.slice(end + 1) };
}

function normalLocal(raw: string): string | { problem: string } {
  if (!raw.startsWith('"')) {
    if (SPACE.test(raw)) return { problem: 'whitespace (quote a local part that holds spaces)' };
    if (!DOT_ATOM_CHARS.test(raw)) {
      const bad = [...raw].find((c) => !DOT_ATOM_CHARS.test(c))!;
      return { problem: `${JSON.stringify(bad)} in an unquoted local part` };
    }
    return ENCODED_WORD.test(raw) ? raw : raw.toLowerCase();
  }
  // the quoted string's content, escapes undone
  const text = raw.slice(1, -1).replace(/\\(.)/g, '$1');
  if (/\s/.test(text.replace(/ /g, ''))) return { problem: 'whitespace other than spaces in a quoted local part' };
  if (text === '') return { problem: 'an empty quoted local part' };
  const lower = text.toLowerCase();
  return DOT_ATOM.test(lower) ? lower : `"${lower.replace(/["\\]/g, '\\$&')}"`;
}

// IDN conversion is slow next to the rest of ingestion, and few domains recur: remembered
const forms = new Map<string, [ascii: string, unicode: string] | null>();

/** [ASCII form, Unicode form] of a domain name or an address literal; null when it is neither. */
function domainForms(rawDomain: string): [string, string] | null {
  let f = forms.get(rawDomain);
  if (f === undefined) {
    f = readDomain(rawDomain);
    if (forms.size >= 50_000) forms.clear();
    forms.set(rawDomain, f);
  }
  return f;
}

function readDomain(rawDomain: string): [string, string] | null {
  const d = rawDomain.toLowerCase().replace(/\.$/, '');
  if (LITERAL.test(d)) return [d, d];
  if (SPACE.test(d) || URL_DELIMITER.test(d)) return null;
  // domainToASCII returns '' for what is not a valid host; a host may still not be a domain name
  const ascii = domainToASCII(d);
  if (!ascii || ascii.length > 253 || !ascii.split('.').every((l) => LABEL.test(l))) return null;
  return [ascii, domainToUnicode(ascii) || d];
}

/** The key form, or the trimmed lower-cased text when it is no address at all. */
export function addressKey(input: string): string {
  return normalizeAddress(input)?.address ?? input.trim().toLowerCase();
}

/** The domain key of a domain name typed by a person (`Bücher.example` → `xn--bcher-kva.example`). */
export function domainKey(input: string): string {
  const d = input.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
  return (!URL_DELIMITER.test(d) && domainToASCII(d)) || d;
}
