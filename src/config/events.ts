// Events from sending services (section `events`, variables REBOUND_EVENTS_*), served by the HTTP
// API at POST /v1/events/<provider>. A provider is on when its credentials are set; each has its
// own authentication, apart from the API's bearer token (the services cannot send one).
import { z } from 'zod';
import { keyName, parseSection } from './settings.js';
import { readCaBundle } from './pem.js';
import { sendgridKey } from '../events/verify/sendgrid.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const tolerance = (seconds: number) => z.number().int().min(10).max(86_400).default(seconds);

export const DEFAULT_SNS_CERT_HOSTS = '^sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?$';

const regex = z.string().refine(
  (s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  },
  { error: 'expected a regular expression' },
);

/**
 * A service whose webhook carries a secret the user sets on it (SparkPost, Brevo): HTTP Basic
 * credentials, or a token in a header (`authorization`: `Bearer <token>`). On when either is set.
 */
function webhookCredentials(tokenHeader: string) {
  return z.strictObject({
    /** HTTP Basic credentials set on the webhook */
    username: z.string().min(1).optional(),
    password: z.string().min(16, 'expected at least 16 characters').optional(),
    /** a token the webhook sends in `tokenHeader` */
    token: z.string().min(16, 'expected at least 16 characters').optional(),
    /** the header the token comes in (a custom header set on the webhook, or authorization for a bearer token) */
    tokenHeader: z
      .string()
      .regex(/^[A-Za-z0-9-]+$/, 'expected a header name')
      .transform((h) => h.toLowerCase())
      .default(tokenHeader),
  });
}

export const eventsSettingsSchema = z
  .strictObject({
    /** the largest request body an events endpoint takes (a SendGrid batch may be large) */
    maxBodyBytes: z.number().int().min(4 * KiB).max(64 * MiB).default(4 * MiB),
    ses: z
      .strictObject({
        /** the SNS topics whose messages are accepted; none: SES events are off */
        topicArns: z.array(z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/, 'expected an SNS topic ARN')).default([]),
        /** confirm a subscription to an accepted topic by fetching its SubscribeURL; false: log it, keep it pending */
        autoConfirm: z.boolean().default(true),
        /** signing certificates (and SubscribeURLs) are fetched over HTTPS from hosts matching this only; change for tests or a private SNS */
        certHostPattern: regex.default(DEFAULT_SNS_CERT_HOSTS),
        /** extra CA certificates (PEM) trusted when fetching them; for tests or a private SNS */
        caFile: z.string().min(1).optional(),
        /** a fetch of a certificate or a SubscribeURL gives up after this long */
        fetchTimeoutMs: z.number().int().min(100).max(60_000).default(10_000),
      })
      .prefault({}),
    sendgrid: z
      .strictObject({
        /** the Event Webhook's verification key, as SendGrid shows it (base64); none: SendGrid events are off */
        publicKey: z.string().min(40, 'expected the base64 public key SendGrid shows').optional(),
        /** a signed timestamp older (or newer) than this is refused */
        toleranceSeconds: tolerance(600),
        /** unsubscribe and group_unsubscribe events: `ignore`, or `suppress` (a manual suppression, kept like any event) */
        unsubscribes: z.enum(['ignore', 'suppress']).default('ignore'),
      })
      .prefault({}),
    postmark: z
      .strictObject({
        /** HTTP Basic credentials in the webhook URL Postmark calls; none: Postmark events are off */
        username: z.string().min(1).optional(),
        password: z.string().min(16, 'expected at least 16 characters').optional(),
      })
      .prefault({}),
    mailgun: z
      .strictObject({
        /** the HTTP webhook signing key (Mailgun: Sending → Webhooks); none: Mailgun events are off */
        signingKey: z.string().min(16, 'expected at least 16 characters').optional(),
        toleranceSeconds: tolerance(300),
      })
      .prefault({}),
    resend: z
      .strictObject({
        /** the webhook's signing secret (`whsec_...`); none: Resend events are off */
        secret: z.string().regex(/^whsec_[A-Za-z0-9+/]+=*$/, 'expected whsec_ followed by base64').optional(),
        toleranceSeconds: tolerance(300),
      })
      .prefault({}),
    sparkpost: webhookCredentials('x-rebound-token').prefault({}),
    brevo: webhookCredentials('authorization')
      .extend({
        /** unsubscribed events: `ignore`, or `suppress` (a manual suppression, kept like any event) */
        unsubscribes: z.enum(['ignore', 'suppress']).default('ignore'),
      })
      .prefault({}),
  })
  .superRefine((s, ctx) => {
    if (s.sendgrid.publicKey !== undefined) {
      try {
        sendgridKey(s.sendgrid.publicKey);
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: ['sendgrid', 'publicKey'], message: `not a public key SendGrid gives: ${(err as Error).message}` });
      }
    }
    if (s.ses.caFile !== undefined) {
      try {
        readCaBundle(s.ses.caFile);
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: ['ses', 'caFile'], message: (err as Error).message });
      }
    }
    for (const p of ['postmark', 'sparkpost', 'brevo'] as const) {
      if ((s[p].username === undefined) !== (s[p].password === undefined)) {
        ctx.addIssue({ code: 'custom', path: [p, s[p].username === undefined ? 'username' : 'password'], message: 'required with the other' });
      }
    }
  });

export type EventsSettings = z.output<typeof eventsSettingsSchema>;

export function parseEventsSettings(input: unknown, nameOf = (p: readonly PropertyKey[]) => keyName('events', p)): EventsSettings {
  return parseSection(eventsSettingsSchema, input ?? {}, nameOf);
}
