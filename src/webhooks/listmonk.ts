// The listmonk bridge: each new hard, soft or complaint record becomes a POST to listmonk's bounce
// webhook (`POST /webhooks/bounce`, https://listmonk.app/docs/bounces/#external-webhooks), queued in
// the webhook outbox in the transaction that wrote the record and delivered (with retries) by the
// drain loop with listmonk's API credentials as HTTP Basic. Not forwarded: delays (still being
// retried), sender-side blocks (not about the subscriber) and records the message does not vouch
// for: listmonk counts every bounce it is told of against the subscriber.
import type { ForwardSettings } from '../config/forward.js';
import type { WebhookSettings } from '../config/webhooks.js';
import type { WrittenRecord, MessageWritten } from '../events/store-events.js';

export const LISTMONK_EVENT = 'listmonk.bounce';

export interface ListmonkTarget {
  /** <listmonk url>/webhooks/bounce */
  url: string;
  username: string;
  token: string;
}

export function listmonkTarget(f: ForwardSettings | undefined): ListmonkTarget | undefined {
  const l = f?.listmonk;
  if (!l?.url || !l.username || !l.token) return undefined;
  return { url: `${l.url.replace(/\/+$/, '')}/webhooks/bounce`, username: l.username, token: l.token };
}

/** The webhook settings with the listmonk bridge riding on them: every handle that queues webhook events queues it. */
export function withListmonk(webhook: WebhookSettings, forward: ForwardSettings | undefined): WebhookSettings {
  return { ...webhook, listmonk: listmonkTarget(forward) };
}

export function listmonkHeaders(t: ListmonkTarget): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${t.username}:${t.token}`, 'utf8').toString('base64')}` };
}

/** listmonk's bounce body for a record, or null when it is not forwarded. */
export function listmonkBounce(ev: MessageWritten, r: WrittenRecord): Record<string, unknown> | null {
  const b = r.record;
  if (r.outcome === 'unverified' || r.outcome === 'sender' || b.action === 'delayed') return null;
  const type = b.kind === 'complaint' ? 'complaint' : b.type === 'hard' || b.type === 'soft' ? b.type : null;
  if (!type || (b.kind !== 'bounce' && b.kind !== 'complaint')) return null;
  return {
    email: b.recipient,
    source: 'rebound',
    type,
    meta: {
      reason: b.reason,
      status: b.status ?? null,
      smtpCode: b.smtp_code ?? null,
      diagnostic: b.diagnostic ?? null,
      remoteMta: b.remote_mta ?? null,
      feedbackType: b.feedback_type ?? null,
      originalMessageId: b.original_message_id ?? null,
      provider: ev.message.raw_format ?? ev.message.format ?? null,
      bounceId: r.bounceId,
      messageId: ev.message.id,
      eventAt: b.event_at,
    },
  };
}
