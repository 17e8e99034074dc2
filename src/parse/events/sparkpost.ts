// SparkPost's webhooks: the body is a JSON array (a batch) of `{"msys": {"<class>": {...}}}`; the
// test ping SparkPost sends when a webhook is made is `[{"msys": {}}]`. Kept, of the message
// events: bounce and out_of_band (a bounce after SparkPost's MTA accepted the message), delay,
// policy_rejection (SparkPost refused to send) and spam_complaint. Every event carries its
// `event_id`. A bounce's `bounce_class` is SparkPost's reading of the reply, mapped below from its
// table of classes; the reply itself (`raw_reason`) is read by Rebound's classifier first.
// https://developers.sparkpost.com/api/webhooks/
// https://support.sparkpost.com/docs/deliverability/bounce-classification-codes
import { z } from 'zod';
import type { EventBody, EventDecoder, EventFacts, ReportKindOfEvent, Verdict } from './types.js';
import { parseJson, readPayload } from './payload.js';
import { isoTime } from './report.js';

const KEPT = ['bounce', 'out_of_band', 'delay', 'policy_rejection', 'spam_complaint'] as const;

const messageEvent = z.looseObject({
  type: z.enum(KEPT),
  event_id: z.string().min(1),
  rcpt_to: z.string().min(1),
  timestamp: z.union([z.string(), z.number()]).nullish(),
  bounce_class: z.union([z.string(), z.number()]).nullish(),
  raw_reason: z.string().nullish(),
  reason: z.string().nullish(),
  error_code: z.union([z.string(), z.number()]).nullish(),
  fbtype: z.string().nullish(),
  message_id: z.string().nullish(),
});

// the event's class (message_event, track_event, ...) and, for a message event, its type
const anyItem = z.looseObject({ msys: z.record(z.string(), z.looseObject({ type: z.string().optional() })) });

interface ClassMapping {
  kind: ReportKindOfEvent;
  /** SparkPost's class is not about the reply (its policy, an auto-reply): it decides */
  verdict?: Verdict;
  /** what the class says when the reply's words say nothing */
  fallback?: Verdict;
}

const bounce = (reason: Verdict['reason'], type: Verdict['type']): ClassMapping => ({ kind: 'bounce', fallback: { reason, type } });

// SparkPost's bounce classes: 10, 30 and 90 are its hard ones; 20-24, 40, 70 soft; 50-54 blocks
// (about the sender, soft here); 25 and 26 its own policy; 60 and 100 automatic replies.
const BOUNCE_CLASSES: Readonly<Record<string, ClassMapping>> = {
  '1': bounce('undefined', 'soft'), // Undetermined
  '10': bounce('userunknown', 'hard'), // Invalid Recipient
  '20': bounce('undefined', 'soft'), // Soft Bounce
  '21': bounce('hostunknown', 'soft'), // DNS Failure
  '22': bounce('mailboxfull', 'soft'), // Mailbox Full
  '23': bounce('emailtoolarge', 'soft'), // Too Large
  '24': bounce('expired', 'soft'), // Timeout
  '25': { kind: 'bounce', verdict: { reason: 'suppressed', type: null } }, // Admin Failure: SparkPost's own policy
  '26': { kind: 'bounce', verdict: { reason: 'suppressed', type: null } }, // Smart Send Suppression
  '30': bounce('userunknown', 'hard'), // Generic Bounce: No RCPT
  '40': bounce('undefined', 'soft'), // Generic Bounce
  '50': bounce('blocked', 'soft'), // Mail Block
  '51': bounce('blocked', 'soft'), // Spam Block
  '52': bounce('spamdetected', 'soft'), // Spam Content
  '53': bounce('policyviolation', 'soft'), // Prohibited Attachment
  '54': bounce('norelaying', 'soft'), // Relaying Denied
  '60': { kind: 'auto-reply', verdict: { reason: 'vacation', type: null } }, // Auto-Reply
  '70': bounce('networkerror', 'soft'), // Transient Failure
  '80': { kind: 'bounce', verdict: { reason: 'undefined', type: null } }, // Subscribe: a request, not a failure
  '90': { kind: 'bounce', verdict: { reason: 'suppressed', type: 'hard' } }, // Unsubscribe: SparkPost counts it hard
  '100': { kind: 'auto-reply', verdict: { reason: 'vacation', type: null } }, // Challenge-Response
};
const UNKNOWN_CLASS = bounce('undefined', 'soft');

export const sparkpost: EventDecoder = {
  name: 'sparkpost',
  split(body: string): EventBody {
    const list = readPayload(z.array(z.unknown()).min(1, 'expected at least one event'), parseJson(body));
    const out: EventBody = { events: [], ignored: 0 };
    list.forEach((item, i) => {
      const classes = readPayload(anyItem, item, `[${i}]`).msys;
      const m = classes.message_event;
      // the ping (no class), and track, generation, unsubscribe, relay events: not bounces
      if (!m || !(KEPT as readonly string[]).includes(m.type ?? '')) {
        out.ignored++;
        return;
      }
      const e = readPayload(messageEvent, m, `[${i}].msys.message_event`);
      out.events.push({ id: e.event_id, raw: JSON.stringify(item) });
    });
    return out;
  },
  facts(raw: string): EventFacts | null {
    const m = readPayload(anyItem, parseJson(raw)).msys.message_event;
    if (!m || !(KEPT as readonly string[]).includes(m.type ?? '')) return null;
    const e = readPayload(messageEvent, m, 'msys.message_event');
    const base = { provider: 'sparkpost', reportingMta: null, at: isoTime(unixSeconds(e.timestamp)), originalMessageId: e.message_id ?? null };
    if (e.type === 'spam_complaint') {
      return { ...base, kind: 'complaint', feedbackType: e.fbtype ?? 'abuse', recipients: [{ address: e.rcpt_to, action: null, verdict: { reason: 'feedback', type: null } }] };
    }
    const c = BOUNCE_CLASSES[String(e.bounce_class ?? '')] ?? UNKNOWN_CLASS;
    const delay = e.type === 'delay';
    return {
      ...base,
      kind: delay ? 'delay' : c.kind,
      recipients: [
        {
          address: e.rcpt_to,
          action: delay ? 'delayed' : c.kind === 'auto-reply' ? null : 'failed',
          smtpCode: smtpCode(e.error_code),
          diagnostic: e.raw_reason?.trim() || e.reason?.trim() || null,
          // a delay is retried by SparkPost: only ever soft, whatever the class says
          ...(delay ? { fallback: { reason: c.fallback?.reason ?? 'undefined', type: 'soft' as const } } : c.verdict ? { verdict: c.verdict } : { fallback: c.fallback! }),
        },
      ],
    };
  },
};

/** SparkPost's timestamps are unix seconds, as a string; some documented examples give ISO 8601. */
function unixSeconds(v: string | number | null | undefined): number | string | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v)) return Number(v);
  return v ?? null;
}

function smtpCode(v: string | number | null | undefined): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{3}$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 200 && n < 600 ? n : null;
}
