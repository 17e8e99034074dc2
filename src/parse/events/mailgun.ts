// Mailgun's webhooks (the JSON kind): `{"signature": {...}, "event-data": {...}}`, one event per
// request. Kept: `failed` (severity `permanent`: a bounce, or a drop by Mailgun's own suppression
// lists; `temporary`: a delay, Mailgun retries) and `complained`. The rest is not kept.
// https://documentation.mailgun.com/docs/mailgun/user-manual/tracking-messages/#webhooks
// https://documentation.mailgun.com/docs/mailgun/user-manual/events/#event-structure
import { z } from 'zod';
import { parseJson, readPayload } from './payload.js';
import { isoTime } from './report.js';
import type { EventBody, EventDecoder, EventFacts, Verdict } from './types.js';

export const mailgunSignature = z.looseObject({
  timestamp: z.union([z.string().min(1), z.number()]).transform(String),
  token: z.string().min(1),
  signature: z.string().min(1),
});

const anyBody = z.looseObject({
  signature: mailgunSignature,
  'event-data': z.looseObject({ event: z.string().min(1), id: z.string().min(1) }),
});

const eventData = z.looseObject({
  id: z.string().min(1),
  event: z.enum(['failed', 'complained']),
  recipient: z.string().min(1),
  timestamp: z.number().optional(),
  severity: z.string().nullish(),
  reason: z.string().nullish(),
  'delivery-status': z
    .looseObject({
      code: z.union([z.number(), z.string()]).nullish(),
      message: z.string().nullish(),
      description: z.string().nullish(),
      'enhanced-code': z.string().nullish(),
      'mx-host': z.string().nullish(),
    })
    .nullish(),
  message: z.looseObject({ headers: z.looseObject({ 'message-id': z.string().nullish() }).nullish() }).nullish(),
});

// `reason` of a permanent failure: Mailgun's own suppression lists decide; the rest is read from the reply
const PERMANENT: Readonly<Record<string, Verdict>> = {
  'suppress-bounce': { reason: 'suppressed', type: 'hard' },
  'suppress-complaint': { reason: 'suppressed', type: 'hard' },
  'suppress-unsubscribe': { reason: 'suppressed', type: null },
};

/** The signature fields and the event's id and kind; throws EventFormatError. */
export function readMailgunBody(body: string): z.output<typeof anyBody> {
  return readPayload(anyBody, parseJson(body));
}

export const mailgun: EventDecoder = {
  name: 'mailgun',
  split(body: string): EventBody {
    const b = readMailgunBody(body);
    if (b['event-data'].event !== 'failed' && b['event-data'].event !== 'complained') return { events: [], ignored: 1 };
    readPayload(eventData, b['event-data'], 'event-data');
    return { events: [{ id: b['event-data'].id, raw: body }], ignored: 0 };
  },
  facts(raw: string): EventFacts | null {
    const b = readMailgunBody(raw);
    if (b['event-data'].event !== 'failed' && b['event-data'].event !== 'complained') return null;
    const e = readPayload(eventData, b['event-data'], 'event-data');
    const base = { provider: 'mailgun', reportingMta: null, at: isoTime(e.timestamp), originalMessageId: e.message?.headers?.['message-id'] ?? null };
    if (e.event === 'complained') {
      return { ...base, kind: 'complaint', feedbackType: 'abuse', recipients: [{ address: e.recipient, action: null, verdict: { reason: 'feedback', type: null } }] };
    }
    const ds = e['delivery-status'];
    const code = ds?.code === undefined || ds?.code === null || ds.code === '' ? null : Number(ds.code);
    const temporary = e.severity === 'temporary';
    const verdict = temporary ? undefined : PERMANENT[e.reason ?? ''];
    const fallback: Verdict = temporary ? { reason: 'undefined', type: 'soft' } : e.reason === 'old' ? { reason: 'expired', type: 'soft' } : { reason: 'undefined', type: 'hard' };
    return {
      ...base,
      kind: temporary ? 'delay' : 'bounce',
      recipients: [
        {
          address: e.recipient,
          action: temporary ? 'delayed' : 'failed',
          status: ds?.['enhanced-code'] ?? null,
          smtpCode: code !== null && Number.isInteger(code) && code >= 200 && code < 600 ? code : null,
          diagnostic: ds?.message?.trim() || ds?.description?.trim() || null,
          remoteMta: ds?.['mx-host'] ?? null,
          ...(verdict ? { verdict } : { fallback }),
        },
      ],
    };
  },
};
