// Resend's webhooks (sent through Svix): one JSON event per request, its id in the `svix-id`
// header. Kept: email.bounced (its `bounce` block has SES's type and subtype: Resend sends
// through SES, so SES's table reads it), email.complained and email.delivery_delayed.
// https://resend.com/docs/dashboard/webhooks/event-types
import { z } from 'zod';
import { parseJson, readPayload } from './payload.js';
import { isoTime } from './report.js';
import { sesBounceVerdict } from './ses.js';
import { type EventBody, type EventDecoder, type EventFacts, EventFormatError } from './types.js';

const KEPT = ['email.bounced', 'email.complained', 'email.delivery_delayed'] as const;

const event = z.looseObject({
  type: z.enum(KEPT),
  created_at: z.string().nullish(),
  data: z.looseObject({
    email_id: z.string().nullish(),
    to: z.union([z.array(z.string().min(1)).min(1), z.string().min(1)]),
    created_at: z.string().nullish(),
    bounce: z.looseObject({ message: z.string().nullish(), type: z.string().nullish(), subType: z.string().nullish() }).nullish(),
  }),
});
const anyEvent = z.looseObject({ type: z.string().min(1), data: z.looseObject({}) });

export const resend: EventDecoder = {
  name: 'resend',
  split(body: string, headerId: string | null): EventBody {
    if (!headerId) throw new EventFormatError('svix-id', 'missing: the event id header');
    const value = parseJson(body);
    const kind = readPayload(anyEvent, value).type;
    if (!(KEPT as readonly string[]).includes(kind)) return { events: [], ignored: 1 };
    readPayload(event, value);
    return { events: [{ id: headerId, raw: body }], ignored: 0 };
  },
  facts(raw: string): EventFacts | null {
    const value = parseJson(raw);
    if (!(KEPT as readonly string[]).includes(readPayload(anyEvent, value).type)) return null;
    const e = readPayload(event, value);
    const to = [e.data.to].flat();
    const base = { provider: 'resend', reportingMta: null, at: isoTime(e.created_at ?? e.data.created_at), originalMessageId: e.data.email_id ?? null };
    switch (e.type) {
      case 'email.complained':
        return { ...base, kind: 'complaint', feedbackType: 'abuse', recipients: to.map((address) => ({ address, action: null, verdict: { reason: 'feedback', type: null } })) };
      case 'email.delivery_delayed':
        return { ...base, kind: 'delay', recipients: to.map((address) => ({ address, action: 'delayed', fallback: { reason: 'undefined', type: 'soft' } })) };
      case 'email.bounced': {
        const b = e.data.bounce;
        const v = sesBounceVerdict(b?.type ?? 'Permanent', b?.subType ?? null);
        return { ...base, kind: 'bounce', recipients: to.map((address) => ({ address, action: 'failed', diagnostic: b?.message ?? null, ...v })) };
      }
    }
  },
};
