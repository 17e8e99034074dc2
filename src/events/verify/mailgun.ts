// Mailgun's webhook signature: hex HMAC-SHA256 of timestamp + token with the account's webhook
// signing key. It does not cover the body, so a token is good for one event only: a replay cache
// remembers, for the timestamp window, which event each token came with (a retry of the same
// event is a duplicate, another event under a used token a forgery).
// https://documentation.mailgun.com/docs/mailgun/user-manual/tracking-messages/#securing-webhooks
import { createHmac } from 'node:crypto';
import { OK, type Verified, refused, secretEquals, withinWindow } from './equal.js';

export interface MailgunSignature {
  timestamp: string;
  token: string;
  signature: string;
}

export function verifyMailgun(signingKey: string, s: MailgunSignature, now: number, toleranceSeconds: number): Verified {
  if (!/^\d+$/.test(s.timestamp) || !withinWindow(Number(s.timestamp), now, toleranceSeconds)) {
    return refused(`the timestamp is outside the ${toleranceSeconds} s window (a replay, or a clock gone wrong)`);
  }
  const expected = createHmac('sha256', signingKey).update(s.timestamp + s.token, 'utf8').digest('hex');
  return secretEquals(s.signature.toLowerCase(), expected) ? OK : refused('the signature does not match the signing key');
}

/** Tokens seen within the window, each with the event it signed. */
export class TokenCache {
  private readonly seen = new Map<string, { eventId: string; expires: number }>();
  constructor(private readonly toleranceSeconds: number) {}

  /** false: the token was used for another event (a replay). Remembers it otherwise. */
  use(token: string, eventId: string, now: number): boolean {
    this.prune(now);
    const had = this.seen.get(token);
    if (had) return had.eventId === eventId;
    this.seen.set(token, { eventId, expires: now + 2 * this.toleranceSeconds });
    return true;
  }

  private prune(now: number): void {
    // entries are in insertion order, which is expiry order
    for (const [k, v] of this.seen) {
      if (v.expires > now) break;
      this.seen.delete(k);
    }
  }
}
