// POST /v1/events/{provider}: events from sending services (SES through SNS, SendGrid, Postmark,
// Mailgun, Resend, SparkPost, Brevo). Each provider authenticates its own way (not with the API's bearer token),
// before anything is stored; the events are then stored raw, decoded, recorded and the policy
// applied, in one transaction (shared with the requests that arrived in the same turn), before the
// 2xx. The body stays bytes: the signatures are over them.
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { EventsSettings } from '../../config/events.js';
import { EVENT_PROVIDERS, type EventProvider } from '../../parse/events/index.js';
import { decodeEvents, writeEvents, writeEventsThrough } from '../../pipeline/events.js';
import { SharedCommit } from '../../pipeline/shared-commit.js';
import { openWalSync } from '../../store/wal-sync.js';
import { configuredReceivers } from '../events/index.js';
import { HttpError } from '../errors.js';
import { normalizeAddress } from '../../address.js';
import { suppressAddress } from '../../policy/manual.js';
import { addRoute, type Ctx } from '../route.js';

export function eventRoutes(ctx: Ctx, settings: EventsSettings): void {
  const receivers = configuredReceivers(settings);
  // the commits are synced off this thread, as the spool's: requests arriving during one fsync
  // share the next, and the thread decodes meanwhile (a shared store does not write here)
  const walSync = ctx.port.backend === 'sqlite' ? openWalSync(ctx.store) : null;
  const commits = new SharedCommit(ctx.store, { walSync });
  ctx.app.addHook('onClose', async () => {
    await commits.idle();
    await walSync?.close();
  });
  // a context of its own, where every body is kept as bytes
  ctx.app.register(async (child: FastifyInstance) => {
    child.removeAllContentTypeParsers();
    child.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: settings.maxBodyBytes }, (_req, body, done) => done(null, body));
    const c: Ctx = { ...ctx, app: child };
    addRoute(
      c,
      {
        method: 'POST',
        url: '/v1/events/:provider',
        tag: 'events',
        summary: 'Events from a sending service: bounces, complaints, delays',
        description:
          "The body as the service sends it, byte for byte (a SendGrid batch, an SNS message, ...), authenticated the service's way: " +
          'SNS signature and topic (ses), ECDSA signature (sendgrid), HTTP Basic (postmark), HMAC signature and token (mailgun), Svix signature (resend), ' +
          'HTTP Basic or a token set on the webhook (sparkpost: a custom header; brevo: a bearer token). ' +
          'The bearer token is not used. 200 once the events are committed; an event stored before (same provider event id) changes nothing. ' +
          'docs/events.md says what each event becomes.',
        public: true,
        params: z.strictObject({ provider: z.enum(EVENT_PROVIDERS).describe('the sending service') }),
        rawBody: { mediaTypes: ['application/json', 'text/plain'], description: "the service's request body" },
        bodyLimit: settings.maxBodyBytes,
        responses: {
          '200': {
            description: 'stored (or stored before)',
            examples: { 'application/json': { provider: 'sendgrid', received: 2, new: 2, duplicates: 0, ignored: 1, records: 2, suppressed: ['gone@example.com'] } },
          },
          '400': { description: 'the body is not what the service documents (`field` names the first wrong field)' },
          '401': { description: 'no credentials or signature' },
          '403': { description: 'a wrong or replayed signature, wrong credentials, a topic not configured' },
          '404': { description: 'the provider is not configured' },
          '406': { description: 'mailgun: a body it should not send again' },
          '413': { description: 'larger than events.maxBodyBytes' },
          '503': { description: 'ses: the signing certificate could not be fetched; SNS retries' },
        },
      },
      async ({ params }, _reply, req) => {
        const provider = params.provider as EventProvider;
        const r = receivers.get(provider);
        if (!r) throw new HttpError(404, 'not_configured', `${provider}: events from this provider are not configured (events.${provider})`);
        const body = req.body;
        if (!Buffer.isBuffer(body) || body.length === 0) throw new HttpError(r.malformedStatus ?? 400, 'invalid_body', `${provider}: the body is empty`);
        const now = Math.floor(ctx.now().getTime() / 1000);
        const got = await r.receive({ headers: req.headers, body, now, clock: ctx.now, port: ctx.port, logger: ctx.logger });
        const unsubscribes = new Map((got.unsubscribes ?? []).map((u) => [u.id, u]));
        const suppressed: string[] = [];
        const onNew = (e: { id: string }) => {
          const u = unsubscribes.get(e.id);
          if (!u || !normalizeAddress(u.email)) return;
          const r = suppressAddress(ctx.pipeline, u.email, `${provider} unsubscribe`, u.at ? new Date(u.at) : ctx.now());
          if (r.outcome !== 'already') suppressed.push(r.address);
        };
        // decoded here (pure), written with the requests that came in the same turn: one commit for them all
        const decoded = got.events.length ? decodeEvents(ctx.pipeline, provider, got.events) : null;
        if (ctx.port.backend !== 'sqlite') {
          // a shared store: written there, not into this host's local spool. Its port has no
          // transaction spanning the events and a manual suppression, so an unsubscribe is
          // suppressed just after its event's commit, once (a retried delivery is a duplicate); a
          // failure between the two answers 5xx and leaves that one unsubscribe to be done by hand
          const { fresh, ...done } = decoded
            ? await writeEventsThrough(ctx.port, decoded)
            : { received: 0, new: 0, duplicates: 0, records: 0, suppressed: [] as string[], fresh: [] };
          for (const e of fresh) {
            const u = unsubscribes.get(e.id);
            if (!u || !normalizeAddress(u.email)) continue;
            const r = await ctx.port.suppress(u.email, `${provider} unsubscribe`, u.at ? new Date(u.at) : ctx.now());
            if (r.outcome !== 'already') suppressed.push(r.address);
          }
          done.suppressed.push(...suppressed);
          return { provider, ...done, ignored: got.ignored };
        }
        const done = decoded
          ? await commits.run(() => writeEvents(ctx.pipeline, decoded, onNew))
          : { received: 0, new: 0, duplicates: 0, records: 0, suppressed: [] as string[] };
        done.suppressed.push(...suppressed);
        return { provider, ...done, ignored: got.ignored };
      },
    );
    addRoute(
      c,
      {
        method: 'GET',
        url: '/v1/events/ses/subscriptions',
        tag: 'events',
        summary: 'SNS subscription confirmations received, and whether they were confirmed',
        description: 'A `pending` or `failed` one is confirmed by opening its `subscribe_url` (events.ses.autoConfirm confirms at once).',
        responses: {
          '200': {
            description: 'one per topic',
            examples: {
              'application/json': {
                items: [{ topic_arn: 'arn:aws:sns:eu-west-1:123456789012:ses-bounces', subscribe_url: 'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&…', sns_message_id: '…', received_at: '2024-05-01T08:00:00.000Z', state: 'pending', confirmed_at: null, error: null }],
              },
            },
          },
        },
      },
      async () => ({ items: await ctx.port.subscriptions() }),
    );
  });
}
