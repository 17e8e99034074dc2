// SendGrid's Event Webhook: the body is a JSON array of events (a batch). Kept: bounce (type
// `bounce`: the receiver refused; `blocked`: a block, usually about the sender), dropped (SendGrid
// did not send: its own suppression list, an invalid address), deferred (a delay) and spamreport
// (a complaint). Processed, delivered, open and click are not kept; unsubscribe and group_unsubscribe
// are handed apart (a manual suppression, when configured), and are no bounce when read again.
// https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event
import { z } from 'zod';
import type { Reason } from '../types.js';
import { jsonArrayItems, parseJson, readPayload } from './payload.js';
import { isoTime } from './report.js';
import type { EventBody, EventDecoder, EventFacts, EventRecipient, Verdict } from './types.js';

const KEPT = ['bounce', 'dropped', 'deferred', 'spamreport'] as const;

const event = z.looseObject({
  event: z.enum(KEPT),
  email: z.string().min(1),
  sg_event_id: z.string().min(1),
  timestamp: z.number().optional(),
  'smtp-id': z.string().nullish(),
  sg_message_id: z.string().nullish(),
  reason: z.string().nullish(),
  status: z.string().nullish(),
  type: z.string().nullish(),
  response: z.string().nullish(),
  bounce_classification: z.string().nullish(),
});
type SendgridEvent = z.output<typeof event>;

const anyEvent = z.looseObject({ event: z.string().min(1) });

const UNSUBSCRIBES = new Set(['unsubscribe', 'group_unsubscribe']);
const unsubscribe = z.looseObject({ email: z.string().min(1), sg_event_id: z.string().min(1), timestamp: z.number().optional() });

// bounce_classification (SendGrid's reading of the reply), used when the reply's words say nothing
const CLASSIFICATION: Readonly<Record<string, Reason>> = {
  'Invalid Address': 'userunknown',
  'Mailbox Unavailable': 'suspend',
  Technical: 'systemerror',
  Content: 'contenterror',
  Reputation: 'badreputation',
  'Frequency or Volume': 'ratelimited',
  'Frequency/Volume': 'ratelimited',
  Unclassified: 'undefined',
};

// dropped: SendGrid's reason for not sending
const DROPPED: Readonly<Record<string, Verdict>> = {
  'Bounced Address': { reason: 'suppressed', type: 'hard' },
  'Spam Reporting Address': { reason: 'suppressed', type: 'hard' },
  Invalid: { reason: 'userunknown', type: 'hard' },
  'Invalid Address': { reason: 'userunknown', type: 'hard' },
  'Spam Content (if spam checker app enabled)': { reason: 'spamdetected', type: 'soft' },
  'Spam Content': { reason: 'spamdetected', type: 'soft' },
  Expired: { reason: 'expired', type: 'soft' },
};
// any other drop (unsubscribed, an SMTPAPI header, ...) is kept but is not a bounce
const OTHER_DROP: Verdict = { reason: 'suppressed', type: null };

export const sendgrid: EventDecoder = {
  name: 'sendgrid',
  split(body: string): EventBody {
    const list = readPayload(z.array(z.unknown()).min(1, 'expected at least one event'), parseJson(body));
    // each event keeps its own bytes of the batch (what SendGrid signed), read once: its facts too
    const texts = jsonArrayItems(body);
    const rawOf = (i: number) => (texts && texts.length === list.length ? texts[i]! : JSON.stringify(list[i]));
    const out: EventBody = { events: [], ignored: 0, unsubscribes: [] };
    list.forEach((item, i) => {
      const kind = readPayload(anyEvent, item, `[${i}]`).event;
      if (UNSUBSCRIBES.has(kind)) {
        const u = readPayload(unsubscribe, item, `[${i}]`);
        out.unsubscribes!.push({ id: u.sg_event_id, raw: rawOf(i), facts: null, email: u.email, at: isoTime(u.timestamp) });
        return;
      }
      if (!(KEPT as readonly string[]).includes(kind)) {
        out.ignored++;
        return;
      }
      const e = readPayload(event, item, `[${i}]`);
      out.events.push({ id: e.sg_event_id, raw: rawOf(i), facts: factsOf(e) });
    });
    return out;
  },
  facts(raw: string): EventFacts | null {
    const value = parseJson(raw);
    if (UNSUBSCRIBES.has(readPayload(anyEvent, value).event)) return null;
    return factsOf(readPayload(event, value));
  },
};

function factsOf(e: SendgridEvent): EventFacts {
  const base = { provider: 'sendgrid', reportingMta: null, at: isoTime(e.timestamp), originalMessageId: e['smtp-id'] ?? e.sg_message_id ?? null };
  return { ...base, ...kindAndRecipient(e) };
}

function kindAndRecipient(e: SendgridEvent): Pick<EventFacts, 'kind' | 'feedbackType' | 'recipients'> {
  const one = (r: Omit<EventRecipient, 'address'>) => [{ address: e.email, ...r }];
  switch (e.event) {
    case 'bounce': {
      const blocked = e.type === 'blocked';
      const reason = CLASSIFICATION[e.bounce_classification ?? ''] ?? 'undefined';
      // `blocked` is SendGrid's word for a refusal that is not about the address
      const fallback: Verdict = { reason: blocked && reason === 'undefined' ? 'blocked' : reason, type: blocked ? 'soft' : 'hard' };
      return { kind: 'bounce', recipients: one({ action: 'failed', status: e.status ?? null, diagnostic: e.reason ?? null, fallback }) };
    }
    case 'dropped':
      return { kind: 'bounce', recipients: one({ action: 'failed', diagnostic: e.reason ?? null, verdict: DROPPED[e.reason ?? ''] ?? OTHER_DROP }) };
    case 'deferred':
      return { kind: 'delay', recipients: one({ action: 'delayed', diagnostic: e.response ?? e.reason ?? null, fallback: { reason: 'undefined', type: 'soft' } }) };
    case 'spamreport':
      return { kind: 'complaint', feedbackType: 'abuse', recipients: one({ action: null, verdict: { reason: 'feedback', type: null } }) };
  }
}
