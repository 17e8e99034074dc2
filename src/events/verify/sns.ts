// Amazon SNS message signatures: the fields of the message, in a fixed order, as `Name\nvalue\n`,
// signed with RSA, SHA1 for SignatureVersion 1 and SHA256 for 2, by the key of the certificate at
// SigningCertURL (which sns-cert.ts fetches, and only from SNS's own hosts).
// https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html
import { createVerify } from 'node:crypto';
import type { SnsEnvelope } from '../../parse/events/ses.js';

const NOTIFICATION_FIELDS = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const;
const CONFIRMATION_FIELDS = ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'] as const;

export function snsStringToSign(m: SnsEnvelope): string {
  const fields = m.Type === 'Notification' ? NOTIFICATION_FIELDS : CONFIRMATION_FIELDS;
  let out = '';
  for (const f of fields) {
    const v = m[f];
    // Subject is signed only when the message has one
    if (v === undefined || v === null) continue;
    out += `${f}\n${v}\n`;
  }
  return out;
}

export function verifySnsSignature(m: SnsEnvelope, certPem: string): boolean {
  const algorithm = m.SignatureVersion === '2' ? 'RSA-SHA256' : 'RSA-SHA1';
  try {
    return createVerify(algorithm).update(snsStringToSign(m), 'utf8').verify(certPem, m.Signature, 'base64');
  } catch {
    return false; // not a certificate, or not a key that can verify
  }
}
