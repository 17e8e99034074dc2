// Brevo's transactional webhooks: one JSON event per request, or an array of them when the webhook
// is made with `batched: true`. Kept: hard_bounce, soft_bounce, deferred (a delay), blocked
// (Brevo did not send: the address is on its blocklist), invalid_email (Brevo did not send: not an
// address) and spam (a complaint); unsubscribed is handed apart (a manual suppression, when
// configured). Brevo gives no event id: an event is known by its kind, its message, its recipient
// and its time (a retried delivery carries the same four), see idOf.
// https://developers.brevo.com/docs/transactional-webhooks
import { z } from 'zod';
import { parseJson, readPayload } from './payload.js';
import { isoTime } from './report.js';
import type { EventBody, EventDecoder, EventFacts, Verdict } from './types.js';

const KEPT = ['hard_bounce', 'soft_bounce', 'deferred', 'blocked', 'invalid_email', 'spam'] as const;
const UNSUBSCRIBED = 'unsubscribed';

const event = z.looseObject({
  event: z.string().min(1),
  email: z.string().min(1),
  'message-id': z.string().min(1),
  ts_event: z.number().nullish(),
  ts_epoch: z.number().nullish(),
  ts: z.number().nullish(),
  date: z.string().nullish(),
  reason: z.string().nullish(),
});
type BrevoEvent = z.output<typeof event>;

const anyEvent = z.looseObject({ event: z.string().min(1) });

interface Mapping {
  kind: 'bounce' | 'delay' | 'complaint';
  verdict?: Verdict;
  fallback?: Verdict;
}

const EVENTS: Readonly<Record<(typeof KEPT)[number], Mapping>> = {
  hard_bounce: { kind: 'bounce', fallback: { reason: 'userunknown', type: 'hard' } },
  soft_bounce: { kind: 'bounce', fallback: { reason: 'undefined', type: 'soft' } },
  deferred: { kind: 'delay', fallback: { reason: 'undefined', type: 'soft' } },
  // Brevo's own refusals to send: kept and shown, but the policy does not count them as bounces
  blocked: { kind: 'bounce', verdict: { reason: 'suppressed', type: null } },
  invalid_email: { kind: 'bounce', verdict: { reason: 'userunknown', type: 'hard' } },
  spam: { kind: 'complaint', verdict: { reason: 'feedback', type: null } },
};

export const brevo: EventDecoder = {
  name: 'brevo',
  split(body: string): EventBody {
    const value = parseJson(body);
    const batched = Array.isArray(value);
    const list = batched ? readPayload(z.array(z.unknown()).min(1, 'expected at least one event'), value) : [value];
    const out: EventBody = { events: [], ignored: 0, unsubscribes: [] };
    list.forEach((item, i) => {
      const prefix = batched ? `[${i}]` : '';
      const kind = readPayload(anyEvent, item, prefix).event;
      if (kind !== UNSUBSCRIBED && !(KEPT as readonly string[]).includes(kind)) {
        out.ignored++;
        return;
      }
      const e = readPayload(event, item, prefix);
      const one = { id: idOf(e), raw: JSON.stringify(item) };
      if (kind === UNSUBSCRIBED) out.unsubscribes!.push({ ...one, email: e.email, at: timeOf(e) });
      else out.events.push(one);
    });
    return out;
  },
  facts(raw: string): EventFacts | null {
    const e = readPayload(event, parseJson(raw));
    const m = Object.hasOwn(EVENTS, e.event) ? EVENTS[e.event as keyof typeof EVENTS] : undefined;
    if (!m) return null;
    const base = { provider: 'brevo', reportingMta: null, at: timeOf(e), originalMessageId: e['message-id'] };
    if (m.kind === 'complaint') return { ...base, kind: 'complaint', feedbackType: 'abuse', recipients: [{ address: e.email, action: null, verdict: m.verdict! }] };
    return {
      ...base,
      kind: m.kind,
      recipients: [
        {
          address: e.email,
          action: m.kind === 'delay' ? 'delayed' : 'failed',
          diagnostic: e.reason?.trim() || null,
          ...(m.verdict ? { verdict: m.verdict } : { fallback: m.fallback! }),
        },
      ],
    };
  },
};

/** `ts_event` is the event's unix time; `ts_epoch` the same in milliseconds; `date` Brevo's local time. */
function timeOf(e: BrevoEvent): string | null {
  if (e.ts_event != null) return isoTime(e.ts_event);
  if (e.ts_epoch != null) return isoTime(e.ts_epoch / 1000);
  return isoTime(e.ts ?? null);
}

/** What a retried delivery repeats and another event does not: kind, message, recipient, time. */
function idOf(e: BrevoEvent): string {
  const at = e.ts_epoch ?? e.ts_event ?? e.ts ?? e.date ?? '';
  return `${e.event}:${e['message-id']}:${e.email.toLowerCase()}:${at}`;
}
