// SendGrid's signed Event Webhook: ECDSA (P-256, SHA-256) over the timestamp header followed by
// the raw body, with the verification key SendGrid shows (base64 of its DER SubjectPublicKeyInfo).
// https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { OK, type Verified, missing, refused, withinWindow } from './equal.js';

export const SENDGRID_SIGNATURE = 'x-twilio-email-event-webhook-signature';
export const SENDGRID_TIMESTAMP = 'x-twilio-email-event-webhook-timestamp';

/** The configured key as a key object; throws when it is not an EC public key. */
export function sendgridKey(base64Der: string): KeyObject {
  const key = createPublicKey({ key: Buffer.from(base64Der.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ec') throw new Error(`expected an EC (P-256) public key, got ${key.asymmetricKeyType}`);
  return key;
}

export function verifySendgrid(
  key: KeyObject,
  signature: string | undefined,
  timestamp: string | undefined,
  body: Buffer,
  now: number,
  toleranceSeconds: number,
): Verified {
  if (!signature || !timestamp) return missing(`the ${SENDGRID_SIGNATURE} and ${SENDGRID_TIMESTAMP} headers are required`);
  if (!/^\d+$/.test(timestamp) || !withinWindow(Number(timestamp), now, toleranceSeconds)) {
    return refused(`the timestamp is outside the ${toleranceSeconds} s window (a replay, or a clock gone wrong)`);
  }
  const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), body]);
  let good = false;
  try {
    good = verify('sha256', signed, key, Buffer.from(signature, 'base64'));
  } catch {
    good = false;
  }
  return good ? OK : refused('the signature does not verify with the configured public key');
}
