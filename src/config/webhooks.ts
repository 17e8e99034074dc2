// Webhook settings (section `webhook`, variables REBOUND_WEBHOOK_*). No URL: no webhooks, and
// ingestion writes no outbox rows. Events are signed with `secret` (README: Rebound-Signature).
import { z } from 'zod';
import { keyName, parseSection } from './settings.js';
import type { ListmonkTarget } from '../webhooks/listmonk.js';

export const WEBHOOK_EVENTS = ['suppression.created', 'suppression.lifted', 'bounce.recorded', 'alert.raised', 'alert.cleared'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** An HMAC key shorter than this is refused: receivers could be sent forged events */
export const MIN_SECRET_LENGTH = 16;

const url = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

export const webhookSettingsSchema = z
  .strictObject({
    /** every event goes to each of them, each with its own retries */
    urls: z.array(url).default([]),
    /** HMAC-SHA256 key for the Rebound-Signature header; required with urls */
    secret: z.string().min(MIN_SECRET_LENGTH, `expected at least ${MIN_SECRET_LENGTH} characters`).optional(),
    /** which events are sent; `bounce.recorded` is one per per-recipient record (many) */
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).default(['suppression.created']),
    /** one POST may take this long; then it counts as failed */
    timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    /** POSTs in flight per URL */
    concurrency: z.number().int().min(1).max(64).default(4),
    backoff: z
      .strictObject({
        /** wait after the first failure; doubled each time, with jitter */
        initialMs: z.number().int().min(10).default(1_000),
        maxMs: z.number().int().min(10).default(3_600_000),
      })
      .prefault({}),
    /** an event not delivered this long after it was made is given up (marked dead) */
    maxAgeHours: z.number().positive().default(72),
    /** how often the outbox is looked at (new events in this process are sent at once) */
    pollIntervalMs: z.number().int().min(10).max(600_000).default(1_000),
    /** delivered and dead events are deleted after this many days */
    keepDays: z.number().positive().default(7),
  })
  .superRefine((s, ctx) => {
    if (s.urls.length && !s.secret) ctx.addIssue({ code: 'custom', path: ['secret'], message: 'required when urls are given' });
    const dup = s.urls.findIndex((u, i) => s.urls.indexOf(u) !== i);
    if (dup >= 0) ctx.addIssue({ code: 'custom', path: ['urls', dup], message: 'the same URL is given twice' });
    if (s.backoff.initialMs > s.backoff.maxMs) {
      ctx.addIssue({ code: 'custom', path: ['backoff', 'initialMs'], message: `expected at most backoff.maxMs (${s.backoff.maxMs})` });
    }
  });

export type WebhookSettings = z.output<typeof webhookSettingsSchema> & {
  /** the listmonk bridge (section forward.listmonk), delivered through the same outbox */
  listmonk?: ListmonkTarget;
};
export type WebhookSettingsInput = z.input<typeof webhookSettingsSchema>;

/** Validate the `webhook` section; errors name `webhook.<key>`. */
export function parseWebhookSettings(input: unknown, nameOf = (p: readonly PropertyKey[]) => keyName('webhook', p)): WebhookSettings {
  return parseSection(webhookSettingsSchema, input ?? {}, nameOf);
}

/** Webhook URLs or the listmonk bridge: something to queue and deliver. */
export function webhooksEnabled(s: WebhookSettings): boolean {
  return s.urls.length > 0 || !!s.listmonk;
}
