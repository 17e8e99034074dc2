// Postmark's bounce and spam-complaint webhooks: one JSON record per request, `RecordType`
// `Bounce` (with its `Type`/`TypeCode`) or `SpamComplaint`. Each bounce type maps to a verdict or a
// fallback below, from Postmark's table of bounce types.
// https://postmarkapp.com/developer/webhooks/bounce-webhook
// https://postmarkapp.com/developer/api/bounce-api#bounce-types
import { z } from 'zod';
import { parseJson, readPayload } from './payload.js';
import { isoTime } from './report.js';
import type { EventBody, EventDecoder, EventFacts, ReportKindOfEvent, Verdict } from './types.js';

const record = z.looseObject({
  RecordType: z.enum(['Bounce', 'SpamComplaint']),
  ID: z.union([z.number(), z.string().min(1)]),
  Type: z.string().min(1),
  TypeCode: z.number().optional(),
  Email: z.string().min(1),
  MessageID: z.string().nullish(),
  Details: z.string().nullish(),
  BouncedAt: z.string().nullish(),
});
type PostmarkRecord = z.output<typeof record>;
const anyRecord = z.looseObject({ RecordType: z.string().min(1) });

interface Mapping {
  kind: ReportKindOfEvent;
  /** verdict: Postmark's type decides; else a fallback for when the server's words say nothing */
  verdict?: Verdict;
  fallback?: Verdict;
  action?: 'failed' | 'delayed' | null;
}

const TYPES: Readonly<Record<string, Mapping>> = {
  HardBounce: { kind: 'bounce', fallback: { reason: 'userunknown', type: 'hard' } },
  BadEmailAddress: { kind: 'bounce', fallback: { reason: 'userunknown', type: 'hard' } },
  SoftBounce: { kind: 'bounce', fallback: { reason: 'undefined', type: 'soft' } },
  Transient: { kind: 'delay', action: 'delayed', fallback: { reason: 'undefined', type: 'soft' } },
  DnsError: { kind: 'bounce', fallback: { reason: 'networkerror', type: 'soft' } },
  AutoResponder: { kind: 'auto-reply', action: null, verdict: { reason: 'vacation', type: null } },
  ChallengeVerification: { kind: 'auto-reply', action: null, verdict: { reason: 'vacation', type: null } },
  AddressChange: { kind: 'bounce', verdict: { reason: 'hasmoved', type: 'hard' } },
  SpamNotification: { kind: 'bounce', verdict: { reason: 'spamdetected', type: 'soft' } },
  VirusNotification: { kind: 'bounce', verdict: { reason: 'virusdetected', type: 'soft' } },
  Blocked: { kind: 'bounce', fallback: { reason: 'blocked', type: 'soft' } },
  DMARCPolicy: { kind: 'bounce', verdict: { reason: 'authfailure', type: 'soft' } },
  SMTPApiError: { kind: 'bounce', verdict: { reason: 'syntaxerror', type: 'soft' } },
  SpamComplaint: { kind: 'complaint', action: null, verdict: { reason: 'feedback', type: null } },
  // kept, but nothing the policy acts on: Postmark's own bookkeeping
  ManuallyDeactivated: { kind: 'bounce', verdict: { reason: 'suppressed', type: null } },
  Unconfirmed: { kind: 'bounce', verdict: { reason: 'undefined', type: null } },
  InboundError: { kind: 'bounce', verdict: { reason: 'undefined', type: null } },
  TemplateRenderingFailed: { kind: 'bounce', verdict: { reason: 'contenterror', type: null } },
  OpenRelayTest: { kind: 'bounce', verdict: { reason: 'undefined', type: null } },
  Unknown: { kind: 'bounce', fallback: { reason: 'undefined', type: null } },
};
/** Subscribe/Unsubscribe are list changes, not bounces */
const NOT_KEPT = new Set(['Subscribe', 'Unsubscribe']);

export const postmark: EventDecoder = {
  name: 'postmark',
  split(body: string): EventBody {
    const value = parseJson(body);
    readPayload(anyRecord, value);
    const r = readPayload(record, value);
    if (NOT_KEPT.has(r.Type)) return { events: [], ignored: 1 };
    return { events: [{ id: `${r.RecordType}:${r.ID}`, raw: body }], ignored: 0 };
  },
  facts(raw: string): EventFacts | null {
    const r = readPayload(record, parseJson(raw));
    if (NOT_KEPT.has(r.Type)) return null;
    const m = r.RecordType === 'SpamComplaint' ? TYPES.SpamComplaint! : (TYPES[r.Type] ?? TYPES.Unknown!);
    return {
      kind: m.kind,
      provider: 'postmark',
      reportingMta: null,
      at: isoTime(r.BouncedAt),
      originalMessageId: r.MessageID ?? null,
      feedbackType: m.kind === 'complaint' ? 'abuse' : null,
      recipients: [
        {
          address: r.Email,
          action: m.action === undefined ? 'failed' : m.action,
          diagnostic: diagnosticOf(r),
          ...(m.verdict ? { verdict: m.verdict } : {}),
          ...(m.fallback ? { fallback: m.fallback } : {}),
        },
      ],
    };
  },
};

/**
 * `Details` carries the server's reply (`smtp;550 5.1.1 ...`) when Postmark has it. `Description`
 * is not read: it is the bounce type's fixed text, the same for every bounce of the type.
 */
function diagnosticOf(r: PostmarkRecord): string | null {
  return r.Details?.replace(/^\s*smtp\s*;\s*/i, '').trim() || null;
}
