// The Rebound-Signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, made with
// the configured secret at each attempt (like Stripe's). The timestamp inside the signed text lets
// a receiver refuse an old request replayed; `verifySignature` is what a receiver does.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'rebound-signature';

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmacHex(secret, `${unixSeconds}.${body}`)}`;
}

function hmacHex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}

export interface VerifyOptions {
  /** seconds a signature stays acceptable; default 300 */
  toleranceSeconds?: number;
  /** unix seconds now; default the clock */
  now?: number;
}

/** Whether `header` signs `body` (the raw bytes received, as text) with `secret`, recently enough. */
export function verifySignature(secret: string, header: string | undefined, body: string, opts: VerifyOptions = {}): boolean {
  if (!header) return false;
  const parts = new Map<string, string[]>();
  for (const item of header.split(',')) {
    const eq = item.indexOf('=');
    if (eq <= 0) continue;
    const k = item.slice(0, eq).trim();
    parts.set(k, [...(parts.get(k) ?? []), item.slice(eq + 1).trim()]);
  }
  const t = Number(parts.get('t')?.[0]);
  if (!Number.isInteger(t)) return false;
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(hmacHex(secret, `${t}.${body}`), 'hex');
  return (parts.get('v1') ?? []).some((v) => {
    const given = Buffer.from(v, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
