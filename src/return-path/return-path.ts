// Return paths that carry the recipient back to us (pure: no I/O). A sender puts one in MAIL FROM;
// the bounce comes back to it, and the listener reads the recipient from the address itself, even
// when the report hides it.
//
//   VERP      bounces+user=example.org@bounce.example.com       (user@example.org)
//             bounces+SENDID@bounce.example.com                 (a send id: no '=', no '@')
//   signed    bounces+TOKEN=user=example.org@bounce.example.com
//             bounces+TOKEN=SENDID@bounce.example.com
//
// TOKEN is 21 base32 characters: 13 bytes = key tag (1) | expiry day, days since 1970-01-01 UTC
// (2, big-endian) | HMAC-SHA256 truncated to 80 bits (10). The MAC covers the key id, the expiry
// day, the bounce domain and the lower-cased recipient, so a token is worth nothing for another
// recipient, another day or another bounce domain. The key tag is the first byte of SHA-256 of the
// key id: it picks the key among those configured, so keys rotate (sign with the new one, keep the
// old one until its tokens expire). The recipient stays readable, as in plain VERP: this keeps the
// local part short (30 + the recipient's length octets, within 64 for recipients up to 34 octets)
// and lets a person read a bounce's envelope. A longer recipient makes a longer local part: we
// still produce it (Postfix, Exim, Exchange and Gmail accept long local parts); a sender that
// needs the 64-octet limit uses a send id instead. Case is ignored throughout, since some MTAs
// lower-case local parts.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { domainKey } from '../address.js';
import { base32Decode, base32Encode } from './base32.js';

export const DEFAULT_PREFIX = 'bounces';
export const DEFAULT_TTL_DAYS = 30;
/** RFC 5321's limit on a local part, in octets */
export const LOCAL_PART_MAX = 64;

const MAC_BYTES = 10; // 80 bits
const TOKEN_BYTES = 1 + 2 + MAC_BYTES;
const TOKEN_CHARS = Math.ceil((TOKEN_BYTES * 8) / 5); // 21
const TOKEN_RE = new RegExp(`^([a-z2-7]{${TOKEN_CHARS}})=(.+)$`, 'i');
const SEND_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** what may stand in the recipient's local part inside ours: no space, quote, bracket, '@', ... */
const LOCAL_TEXT = /^[^\s"(),:;<>@[\\\]]+$/u;
const DAY_MS = 86_400_000;

export interface MakeReturnPathOptions {
  /** the bounce domain (its MX is Rebound) */
  domain: string;
  prefix?: string;
  /** without a secret: plain VERP, unsigned */
  secret?: string;
  keyId?: string;
  ttlDays?: number;
  now?: Date;
}

export type ReturnPathFailure = 'bad-signature' | 'expired' | 'malformed' | 'unknown-key' | 'unsigned';

export type ReturnPathResult =
  | {
      ok: true;
      /** the original recipient, as the return path spells it; null for a send id */
      recipient: string | null;
      sendId: string | null;
      /** verified with a configured key (false: plain VERP, or no keys to verify with) */
      signed: boolean;
      keyId?: string;
      /** last valid day of a signed token (YYYY-MM-DD) */
      expires?: string;
    }
  | { ok: false; reason: ReturnPathFailure };

export interface ReadReturnPathOptions {
  /** key id → secret. With none, tokens are not required and not checked (VERP decoding only). */
  secrets?: Record<string, string>;
  prefix?: string;
  now?: Date;
}

/**
 * The return path for a message to `recipient` (an address, or a send id: text without '@' of
 * A-Z a-z 0-9 . _ -). Throws when the recipient cannot be carried in a local part.
 */
export function makeReturnPath(recipient: string, opts: MakeReturnPathOptions): string {
  const domain = domainKey(opts.domain);
  if (!domain || domain.includes('@')) throw new Error(`not a bounce domain: ${JSON.stringify(opts.domain)}`);
  const prefix = opts.prefix ?? DEFAULT_PREFIX;
  const value = valueOf(recipient.trim());
  if (!opts.secret) return `${prefix}+${value}@${domain}`;
  const keyId = opts.keyId ?? 'default';
  const day = dayOf(opts.now ?? new Date()) + (opts.ttlDays ?? DEFAULT_TTL_DAYS);
  if (day > 0xffff) throw new Error('expiry day out of range');
  const token = new Uint8Array(TOKEN_BYTES);
  token[0] = keyTag(keyId);
  token[1] = day >> 8;
  token[2] = day & 0xff;
  token.set(mac(opts.secret, keyId, day, domain, value), 3);
  return `${prefix}+${base32Encode(token)}=${value}@${domain}`;
}

/** Read (and, with secrets, verify) the local part of an address at the bounce domain `domain`. */
export function readReturnPath(localPart: string, domain: string, opts: ReadReturnPathOptions = {}): ReturnPathResult {
  const start = `${(opts.prefix ?? DEFAULT_PREFIX).toLowerCase()}+`;
  if (!localPart.toLowerCase().startsWith(start)) return { ok: false, reason: 'malformed' };
  const rest = localPart.slice(start.length);
  const secrets = opts.secrets ?? {};
  const ids = Object.keys(secrets);
  const signed = TOKEN_RE.exec(rest);
  if (!signed) {
    if (ids.length) return { ok: false, reason: 'unsigned' };
    const v = readValue(rest);
    return v ? { ok: true, ...v, signed: false } : { ok: false, reason: 'malformed' };
  }
  const v = readValue(signed[2]!);
  const token = base32Decode(signed[1]!);
  if (!v || !token || token.length !== TOKEN_BYTES) return { ok: false, reason: 'malformed' };
  if (!ids.length) return { ok: true, ...v, signed: false };
  const day = (token[1]! << 8) | token[2]!;
  const candidates = ids.filter((id) => keyTag(id) === token[0]);
  if (!candidates.length) return { ok: false, reason: 'unknown-key' };
  const given = token.subarray(3);
  const bounceDomain = domainKey(domain);
  const keyId = candidates.find((id) => timingSafeEqual(given, mac(secrets[id]!, id, day, bounceDomain, signed[2]!)));
  if (!keyId) return { ok: false, reason: 'bad-signature' };
  // checked after the MAC, so an expired answer is never given for a forged token
  if (dayOf(opts.now ?? new Date()) > day) return { ok: false, reason: 'expired' };
  return { ok: true, ...v, signed: true, keyId, expires: new Date(day * DAY_MS).toISOString().slice(0, 10) };
}

/** The text the recipient becomes inside our local part: `user=domain`, or the send id. */
function valueOf(recipient: string): string {
  const at = recipient.lastIndexOf('@');
  if (at < 0) {
    if (!SEND_ID.test(recipient)) throw new Error(`not an address or a send id (A-Z a-z 0-9 . _ -): ${JSON.stringify(recipient)}`);
    return recipient;
  }
  const local = recipient.slice(0, at);
  const domain = domainKey(recipient.slice(at + 1));
  if (!local || !domain || !LOCAL_TEXT.test(local) || !LOCAL_TEXT.test(domain)) {
    throw new Error(`cannot carry ${JSON.stringify(recipient)} in a return path`);
  }
  return `${local}=${domain}`;
}

function readValue(text: string): { recipient: string | null; sendId: string | null } | null {
  const eq = text.lastIndexOf('=');
  if (eq < 0) return SEND_ID.test(text) ? { recipient: null, sendId: text } : null;
  const local = text.slice(0, eq);
  const domain = text.slice(eq + 1);
  if (!local || !domain || !LOCAL_TEXT.test(local) || !LOCAL_TEXT.test(domain)) return null;
  return { recipient: `${local}@${domain}`, sendId: null };
}

function mac(secret: string, keyId: string, day: number, bounceDomain: string, value: string): Buffer {
  const text = ['rebound-rp/1', keyId, String(day), bounceDomain, value.toLowerCase()].join('\n');
  return createHmac('sha256', secret).update(text).digest().subarray(0, MAC_BYTES);
}

function keyTag(keyId: string): number {
  return createHash('sha256').update(`rebound-key/${keyId}`).digest()[0]!;
}

function dayOf(d: Date): number {
  return Math.floor(d.getTime() / DAY_MS);
}
