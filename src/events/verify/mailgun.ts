// Mailgun's webhook signature: hex HMAC-SHA256 of timestamp + token with the account's webhook
// signing key. It does not cover the body, so a token is good for one event only: a replay cache
// remembers, for the timestamp window, which event each token came with (a retry of the same
// event is a duplicate, another event under a used token a forgery). The cache is in the store
// (store/event-tokens.ts), so a restart or another host does not take a replayed token.
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

/** How long a used token is remembered: past this, its timestamp is outside the window anyway. */
export function tokenExpiry(timestamp: string, toleranceSeconds: number): number {
  return Number(timestamp) + toleranceSeconds + 1;
}
