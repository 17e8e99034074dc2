// Svix signatures (Resend's webhooks): base64 HMAC-SHA256 of `<svix-id>.<svix-timestamp>.<body>`
// with the endpoint's secret (`whsec_<base64 key>`); `svix-signature` lists `v1,<base64>` entries
// separated by spaces (several while a secret is being rotated).
// https://docs.svix.com/receiving/verifying-payloads/how-manual
import { createHmac } from 'node:crypto';
import { OK, type Verified, missing, refused, secretEquals, withinWindow } from './equal.js';

export function svixKey(secret: string): Buffer {
  return Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
}

export function verifySvix(
  key: Buffer,
  headers: { id?: string; timestamp?: string; signature?: string },
  body: Buffer,
  now: number,
  toleranceSeconds: number,
): Verified {
  if (!headers.id || !headers.timestamp || !headers.signature) return missing('the svix-id, svix-timestamp and svix-signature headers are required');
  if (!/^\d+$/.test(headers.timestamp) || !withinWindow(Number(headers.timestamp), now, toleranceSeconds)) {
    return refused(`the timestamp is outside the ${toleranceSeconds} s window (a replay, or a clock gone wrong)`);
  }
  const mac = createHmac('sha256', key).update(`${headers.id}.${headers.timestamp}.`, 'utf8').update(body).digest('base64');
  const good = headers.signature
    .split(' ')
    .map((s) => s.split(','))
    .some(([version, sig]) => version === 'v1' && !!sig && secretEquals(sig, mac));
  return good ? OK : refused('no v1 signature matches the configured secret');
}
