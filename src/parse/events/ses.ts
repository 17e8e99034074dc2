// Amazon SES notifications, as SNS delivers them: the body is the SNS envelope (verified by the
// HTTP route before anything is kept), its `Message` the SES notification, either an identity
// notification (`notificationType`) or a configuration-set event (`eventType`). Bounce, Complaint,
// DeliveryDelay and Reject are kept; Send, Delivery, Open, Click and the rest are not.
// https://docs.aws.amazon.com/ses/latest/dg/notification-contents.html
// https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html
import { z } from 'zod';
import type { Reason } from '../types.js';
import { parseJson, readPayload } from './payload.js';
import { isoTime, splitDiagnosticType } from './report.js';
import { type EventBody, type EventDecoder, type EventFacts, EventFormatError, type Verdict } from './types.js';

/** The SNS envelope: what is signed, and what a subscription confirmation carries. */
export const snsEnvelope = z.looseObject({
  Type: z.enum(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']),
  MessageId: z.string().min(1),
  TopicArn: z.string().min(1),
  Message: z.string(),
  Timestamp: z.string().min(1),
  SignatureVersion: z.enum(['1', '2']),
  Signature: z.string().min(1),
  SigningCertURL: z.string().min(1),
  Subject: z.string().optional(),
  SubscribeURL: z.string().optional(),
  Token: z.string().optional(),
});
export type SnsEnvelope = z.output<typeof snsEnvelope>;

const address = z.string().min(1);
const recipient = z.looseObject({
  emailAddress: address,
  action: z.string().nullish(),
  status: z.string().nullish(),
  diagnosticCode: z.string().nullish(),
});
const mail = z
  .looseObject({
    messageId: z.string().nullish(),
    destination: z.array(address).nullish(),
    headers: z.array(z.looseObject({ name: z.string(), value: z.string() })).nullish(),
    commonHeaders: z.looseObject({ messageId: z.string().nullish() }).nullish(),
  })
  .nullish();

const notification = z.looseObject({
  notificationType: z.string().optional(),
  eventType: z.string().optional(),
  mail,
  bounce: z
    .looseObject({
      bounceType: z.string(),
      bounceSubType: z.string().nullish(),
      bouncedRecipients: z.array(recipient).min(1),
      timestamp: z.string().nullish(),
      reportingMTA: z.string().nullish(),
      remoteMtaIp: z.string().nullish(),
    })
    .optional(),
  complaint: z
    .looseObject({
      complainedRecipients: z.array(z.looseObject({ emailAddress: address })).min(1),
      timestamp: z.string().nullish(),
      complaintFeedbackType: z.string().nullish(),
      complaintSubType: z.string().nullish(),
    })
    .optional(),
  deliveryDelay: z
    .looseObject({
      delayType: z.string().nullish(),
      delayedRecipients: z.array(recipient).min(1),
      timestamp: z.string().nullish(),
      reportingMTA: z.string().nullish(),
    })
    .optional(),
  reject: z.looseObject({ reason: z.string().nullish() }).optional(),
});
type Notification = z.output<typeof notification>;

// bounceType/bounceSubType: verdicts where SES's code decides, fallbacks where the server's words
// (diagnosticCode) should; a Transient bounce with a 5.x.x status is thus decided by its status
const SUPPRESSED: Verdict = { reason: 'suppressed', type: 'hard' };
const BOUNCE_VERDICTS: Readonly<Record<string, Verdict>> = {
  'Permanent/Suppressed': SUPPRESSED,
  'Permanent/OnAccountSuppressionList': SUPPRESSED,
};
const BOUNCE_FALLBACKS: Readonly<Record<string, Verdict>> = {
  'Permanent/General': { reason: 'undefined', type: 'hard' },
  'Permanent/NoEmail': { reason: 'userunknown', type: 'hard' },
  'Permanent/UnsubscribedRecipient': { reason: 'suppressed', type: null },
  'Transient/General': { reason: 'undefined', type: 'soft' },
  'Transient/MailboxFull': { reason: 'mailboxfull', type: 'soft' },
  'Transient/MessageTooLarge': { reason: 'emailtoolarge', type: 'soft' },
  'Transient/ContentRejected': { reason: 'contenterror', type: 'soft' },
  'Transient/AttachmentRejected': { reason: 'contenterror', type: 'soft' },
  'Undetermined/Undetermined': { reason: 'undefined', type: 'soft' },
};
const BY_BOUNCE_TYPE: Readonly<Record<string, Verdict>> = {
  Permanent: { reason: 'undefined', type: 'hard' },
  Transient: { reason: 'undefined', type: 'soft' },
  Undetermined: { reason: 'undefined', type: 'soft' },
};

/** SES's bounce type and subtype: a verdict when they decide, else a fallback for the classifier. */
export function sesBounceVerdict(bounceType: string, subType: string | null): { verdict: Verdict } | { fallback: Verdict } {
  const key = `${bounceType}/${subType ?? ''}`;
  const verdict = BOUNCE_VERDICTS[key];
  if (verdict) return { verdict };
  return { fallback: BOUNCE_FALLBACKS[key] ?? BY_BOUNCE_TYPE[bounceType] ?? { reason: 'undefined', type: null } };
}

const DELAY_REASONS: Readonly<Record<string, Reason>> = {
  MailboxFull: 'mailboxfull',
  SpamDetected: 'spamdetected',
  RecipientServerError: 'systemerror',
  IPFailure: 'blocked',
  TransientCommunicationFailure: 'networkerror',
  BYOIPHostNameLookupUnavailable: 'networkerror',
  SendingDeferral: 'ratelimited',
  InternalFailure: 'systemerror',
};

const KEPT = new Set(['Bounce', 'Complaint', 'DeliveryDelay', 'Reject']);

/** The SNS envelope of a request body; throws EventFormatError. */
export function readEnvelope(body: string): SnsEnvelope {
  return readPayload(snsEnvelope, parseJson(body));
}

function readNotification(env: SnsEnvelope): Notification {
  const n = readPayload(notification, parseJson(env.Message, 'Message'), 'Message');
  const type = n.eventType ?? n.notificationType;
  if (!type) throw new EventFormatError('Message.notificationType', 'expected notificationType or eventType');
  return n;
}

export const ses: EventDecoder = {
  name: 'ses',
  split(body: string): EventBody {
    const env = readEnvelope(body);
    // a notification that is not JSON is SES's text when an event destination is set up
    // ("Successfully validated SNS topic for Amazon SES event publishing."): nothing to keep
    if (env.Type !== 'Notification' || !env.Message.trimStart().startsWith('{')) return { events: [], ignored: 1 };
    const n = readNotification(env);
    const kept = KEPT.has(n.eventType ?? n.notificationType ?? '');
    if (kept) notificationFacts(n); // the fields each kind needs are there
    return kept ? { events: [{ id: env.MessageId, raw: body }], ignored: 0 } : { events: [], ignored: 1 };
  },
  facts(raw: string): EventFacts | null {
    const env = readEnvelope(raw);
    return env.Type === 'Notification' ? notificationFacts(readNotification(env)) : null;
  },
};

function notificationFacts(n: Notification): EventFacts | null {
  const type = n.eventType ?? n.notificationType;
  const base = { provider: 'ses', originalMessageId: originalMessageId(n), reportingMta: null as string | null };
  switch (type) {
    case 'Bounce': {
      const b = need(n.bounce, 'Message.bounce');
      const v = sesBounceVerdict(b.bounceType, b.bounceSubType ?? null);
      return {
        ...base,
        kind: 'bounce',
        reportingMta: mtaName(b.reportingMTA),
        at: isoTime(b.timestamp),
        recipients: b.bouncedRecipients.map((r) => ({
          address: r.emailAddress,
          action: 'failed',
          status: r.status ?? null,
          ...splitDiagnosticType(r.diagnosticCode),
          remoteMta: b.remoteMtaIp ?? null,
          ...v,
        })),
      };
    }
    case 'Complaint': {
      const c = need(n.complaint, 'Message.complaint');
      // SES did not send: the address is on the account's suppression list
      if (c.complaintSubType === 'OnAccountSuppressionList') {
        return { ...base, kind: 'bounce', at: isoTime(c.timestamp), recipients: c.complainedRecipients.map((r) => ({ address: r.emailAddress, action: 'failed', verdict: SUPPRESSED })) };
      }
      return {
        ...base,
        kind: 'complaint',
        at: isoTime(c.timestamp),
        feedbackType: c.complaintFeedbackType ?? null,
        recipients: c.complainedRecipients.map((r) => ({ address: r.emailAddress, action: null, verdict: { reason: 'feedback', type: null } })),
      };
    }
    case 'DeliveryDelay': {
      const d = need(n.deliveryDelay, 'Message.deliveryDelay');
      const reason = DELAY_REASONS[d.delayType ?? ''] ?? 'undefined';
      return {
        ...base,
        kind: 'delay',
        reportingMta: mtaName(d.reportingMTA),
        at: isoTime(d.timestamp),
        recipients: d.delayedRecipients.map((r) => ({
          address: r.emailAddress,
          action: 'delayed',
          status: r.status ?? null,
          ...splitDiagnosticType(r.diagnosticCode),
          fallback: { reason, type: 'soft' },
        })),
      };
    }
    case 'Reject': {
      // SES refused to send the message (a virus): about the message, not the addresses
      const to = n.mail?.destination ?? [];
      if (!to.length) throw new EventFormatError('Message.mail.destination', 'expected the recipients of the rejected message');
      return {
        ...base,
        kind: 'bounce',
        at: null,
        recipients: to.map((address) => ({ address, action: 'failed', diagnostic: n.reject?.reason ?? null, verdict: { reason: 'virusdetected', type: 'soft' } })),
      };
    }
    default:
      return null;
  }
}

function need<T>(v: T | undefined, field: string): T {
  if (v === undefined) throw new EventFormatError(field, 'missing');
  return v;
}

/** `dsn; a8-70.smtp-out.amazonses.com` (SES writes dsn, RFC 3464 dns) → the host */
function mtaName(v: string | null | undefined): string | null {
  return v ? v.replace(/^(dns|dsn)\s*;\s*/i, '').trim() || null : null;
}

function originalMessageId(n: Notification): string | null {
  const m = n.mail;
  if (!m) return null;
  const fromHeaders = m.headers?.find((h) => h.name.toLowerCase() === 'message-id')?.value;
  return m.commonHeaders?.messageId ?? fromHeaders ?? m.messageId ?? null;
}
