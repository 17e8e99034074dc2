// A suppression in the public JSON (API, CLI --json, exports, webhooks): camelCase, the address in
// its key form. In an address's history it also says when and why it was lifted.
import { z } from 'zod';
import type { SuppressionRow } from '../store/schema.js';
import { shape } from './registry.js';

const isoTime = z.string().describe('ISO 8601 date-time, UTC');

export const SuppressionShape = shape(
  'Suppression',
  'a suppression: the address may not be sent to while it is active',
  z.strictObject({
    address: z.string().describe('the address in its key form (local part lower-cased, ASCII domain)'),
    domain: z.string().describe('ASCII (punycode) domain'),
    type: z.enum(['hard', 'soft', 'complaint', 'manual']),
    reason: z.string().describe('the reason of the event that suppressed it, or the text given by hand'),
    suppressedAt: isoTime,
    firstEventAt: isoTime,
    lastEventAt: isoTime,
    eventCount: z.number().int(),
    expiresAt: isoTime.nullable().describe('null: no expiry'),
  }),
);
export type SuppressionJson = z.output<typeof SuppressionShape>;

export const SuppressionHistoryShape = shape(
  'SuppressionHistory',
  'a suppression in the history of an address, active, expired or lifted',
  SuppressionShape.extend({
    liftedAt: isoTime.nullable().describe('null: not lifted'),
    note: z.string().nullable().describe('why it was lifted'),
  }),
);
export type SuppressionHistoryJson = z.output<typeof SuppressionHistoryShape>;

export function presentSuppression(s: SuppressionRow): SuppressionJson {
  return {
    address: s.address,
    domain: s.domain,
    type: s.type,
    reason: s.reason,
    suppressedAt: s.suppressed_at,
    firstEventAt: s.first_event_at,
    lastEventAt: s.last_event_at,
    eventCount: s.event_count,
    expiresAt: s.expires_at,
  };
}

export function presentSuppressionHistory(s: SuppressionRow): SuppressionHistoryJson {
  return { ...presentSuppression(s), liftedAt: s.lifted_at, note: s.note };
}
