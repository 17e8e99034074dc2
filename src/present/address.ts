// One address in the public JSON: may it be sent to (`rebound check --json`), and everything known
// about it (`rebound show --json`, `GET /v1/suppressions/{address}?history=true`).
import { z } from 'zod';
import type { CheckResult, History } from '../policy/check.js';
import { presentRecord, RecordShape } from './record.js';
import { presentSuppression, presentSuppressionHistory, SuppressionHistoryShape, SuppressionShape } from './suppression.js';
import { shape } from './registry.js';

export const SoftStateShape = shape(
  'SoftState',
  'the soft bounces counted towards a soft suppression',
  z.strictObject({
    events: z.array(z.string()).describe('the counted soft-bounce times still inside the window, sorted'),
    total: z.number().int().describe('soft bounces since the count was last cleared'),
    lastReason: z.string().nullable(),
    lastEventAt: z.string().nullable(),
    clearedAt: z.string().nullable().describe('when a delivery or an unsuppress last cleared the count'),
  }),
);

export const SenderBlockShape = shape(
  'SenderBlock',
  'blocks of the sender (not the address) recorded at a domain',
  z.strictObject({ reason: z.string(), count: z.number().int() }),
);

export const ManualActionShape = shape(
  'ManualAction',
  'a suppress or unsuppress done by hand',
  z.strictObject({
    action: z.enum(['suppress', 'unsuppress']),
    text: z.string().nullable(),
    at: z.string(),
    actor: z.string().nullable().describe('who: `cli`, `api`, `ui:NAME` (a dashboard user); null when it was not recorded'),
  }),
);

export const AddressCheckShape = shape(
  'AddressCheck',
  'may this address be sent to, and why not',
  z.strictObject({
    address: z.string().describe('the key form'),
    unicode: z.string().describe('the same address with its domain in Unicode'),
    sendable: z.boolean(),
    suppression: SuppressionShape.nullable().describe('the active suppression'),
    soft: SoftStateShape.nullable(),
    senderBlocks: z.array(SenderBlockShape).describe("blocks of the sender at the address's domain inside the soft window"),
  }),
);
export type AddressCheckJson = z.output<typeof AddressCheckShape>;

export const AddressHistoryShape = shape(
  'AddressHistory',
  'everything known about an address',
  AddressCheckShape.extend({
    suppressions: z.array(SuppressionHistoryShape).describe('every suppression, also lifted and expired ones, oldest first'),
    records: z.array(RecordShape).describe('oldest first'),
    manual: z.array(ManualActionShape),
  }),
);
export type AddressHistoryJson = z.output<typeof AddressHistoryShape>;

export function presentCheck(c: CheckResult): AddressCheckJson {
  return {
    address: c.address,
    unicode: c.unicode,
    sendable: c.sendable,
    suppression: c.suppression ? presentSuppression(c.suppression) : null,
    soft: c.soft ? { events: c.soft.events, total: c.soft.total, lastReason: c.soft.lastReason, lastEventAt: c.soft.lastEventAt, clearedAt: c.soft.clearedAt } : null,
    senderBlocks: c.senderBlocks.map((b) => ({ reason: b.reason, count: b.count })),
  };
}

export function presentHistory(h: History): AddressHistoryJson {
  return {
    ...presentCheck(h),
    suppressions: h.suppressions.map(presentSuppressionHistory),
    records: h.records.map(presentRecord),
    manual: h.manual.map((m) => ({ action: m.action, text: m.text, at: m.at, actor: m.actor ?? null })),
  };
}
