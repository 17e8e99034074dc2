// A per-recipient record (a bounce, complaint, delay, delivery or auto-reply) in the public JSON.
import { z } from 'zod';
import type { BounceWithSource } from '../store/history.js';
import { shape } from './registry.js';

export const RecordShape = shape(
  'Record',
  'what one report said about one recipient, with the stored message it came in',
  z.strictObject({
    id: z.number().int(),
    messageId: z.number().int().describe('the stored message (its id in Rebound, not its Message-ID header)'),
    address: z.string().describe('the recipient in its key form'),
    reportedAs: z.string().describe('the recipient as the report (or the return path) gave it'),
    domain: z.string(),
    kind: z.string().describe('bounce, delay, delivery-report, complaint, auto-reply, not-bounce'),
    action: z.string().nullable(),
    status: z.string().nullable().describe('enhanced status code (RFC 3463)'),
    smtpCode: z.number().int().nullable(),
    type: z.string().nullable().describe('hard, soft, or null when it is no failure'),
    reason: z.string(),
    remoteMta: z.string().nullable(),
    diagnostic: z.string().nullable(),
    command: z.string().nullable(),
    rule: z.string().nullable().describe('the rule that decided the reason (`builtin:userunknown#phrase-3`, `rules/local.toml:7`); null for records written before Rebound kept it'),
    reportingMta: z.string().nullable(),
    originalMessageId: z.string().nullable().describe('the Message-ID of the message the report is about'),
    feedbackType: z.string().nullable(),
    fromReturnPath: z.boolean().describe('the recipient came from the VERP return path, not from the report'),
    vouched: z.boolean().describe('false: signed return paths are required and the message does not vouch for this address'),
    eventAt: z.string(),
    source: z.string(),
    sourceRef: z.string().nullable(),
    subject: z.string().nullable(),
  }),
);
export type RecordJson = z.output<typeof RecordShape>;

export function presentRecord(b: BounceWithSource): RecordJson {
  return {
    id: b.id,
    messageId: b.message_id,
    address: b.recipient,
    reportedAs: b.recipient_reported,
    domain: b.domain,
    kind: b.kind,
    action: b.action,
    status: b.status,
    smtpCode: b.smtp_code,
    type: b.type,
    reason: b.reason,
    remoteMta: b.remote_mta,
    diagnostic: b.diagnostic,
    command: b.command,
    rule: b.rule,
    reportingMta: b.reporting_mta,
    originalMessageId: b.original_message_id,
    feedbackType: b.feedback_type,
    fromReturnPath: b.from_return_path === 1,
    vouched: b.vouched !== 0,
    eventAt: b.event_at,
    source: b.source,
    sourceRef: b.source_ref,
    subject: b.subject,
  };
}
