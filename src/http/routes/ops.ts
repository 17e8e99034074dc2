// For operations: /healthz (no token: for a load balancer or a container's health check),
// /metrics (Prometheus text), /v1/status (the hosts sharing the store) and /v1/openapi.json.
import { z } from 'zod';
import { openApiDocument, ref } from '../openapi.js';
import { readStatus } from '../../cluster/status.js';
import { HttpError } from '../errors.js';
import { addRoute, type Ctx } from '../route.js';
import { packageVersion } from '../../version.js';

const version = packageVersion();

export function opsRoutes(ctx: Ctx): void {
  addRoute(
    ctx,
    {
      method: 'GET',
      url: '/healthz',
      tag: 'operations',
      summary: 'Liveness: the process answers and its database reads',
      public: true,
      responses: { '200': { description: 'healthy', examples: { 'application/json': { status: 'ok' } } }, '503': { description: 'the database cannot be read' } },
    },
    async (_req, reply) => {
      try {
        await ctx.port.ping();
        return { status: 'ok' };
      } catch (err) {
        return reply.code(503).send({ status: 'unhealthy', error: (err as Error).message });
      }
    },
  );

  addRoute(
    ctx,
    {
      method: 'GET',
      url: '/v1/status',
      tag: 'operations',
      summary: 'The serve hosts sharing the store (heartbeats), spool backlog, outbox depth, IMAP pollers and their leases, the exports leader (`rebound status --json`)',
      querystring: z.strictObject({}),
      responses: {
        '200': {
          description: 'the status',
          schema: ref('Status'),
          examples: {
            'application/json': {
              now: '2026-12-03T10:00:05.000Z',
              hosts: [
                { id: 'mx1', state: 'alive', startedAt: '2026-12-03T08:00:00.000Z', lastSeenAt: '2026-12-03T10:00:03.000Z', version: version, pid: 4242, heartbeatSeconds: 5, spoolBacklogBytes: 0, outboxDepth: 0 },
                { id: 'mx2', state: 'stale', startedAt: '2026-12-03T08:00:01.000Z', lastSeenAt: '2026-12-03T09:58:00.000Z', version: version, pid: 977, heartbeatSeconds: 5, spoolBacklogBytes: 18000, outboxDepth: 0 },
              ],
              spoolBacklogBytes: 18000,
              pendingMessages: 0,
              outbox: { pending: 0, dead: 0 },
              pendingSubscriptions: 0,
              imap: [{ mailbox: 'bounces@imap.example.com/INBOX', owner: 'mx1', acquiredAt: '2026-12-03T09:58:20.000Z', expiresAt: '2026-12-03T10:00:33.000Z', expired: false }],
              exportsLeader: { owner: 'mx1', acquiredAt: '2026-12-03T08:00:00.000Z', expiresAt: '2026-12-03T10:00:33.000Z', expired: false },
              signalsLeader: { owner: 'mx1', acquiredAt: '2026-12-03T08:00:02.000Z', expiresAt: '2026-12-03T10:00:34.000Z', expired: false },
            },
          },
        },
        '503': { description: 'the database cannot be read' },
      },
    },
    async () => {
      try {
        return await readStatus(ctx.port, ctx.now());
      } catch (err) {
        throw new HttpError(503, 'unavailable', `the store cannot be read: ${(err as Error).message}`);
      }
    },
  );

  if (ctx.metrics) {
    const metrics = ctx.metrics;
    addRoute(
      ctx,
      {
        method: 'GET',
        url: '/metrics',
        tag: 'operations',
        summary: 'Prometheus metrics (text exposition format)',
        responses: { '200': { description: 'the metrics', examples: { 'text/plain': '# HELP rebound_messages_total Messages processed by this process, by source, kind and status\n# TYPE rebound_messages_total counter\nrebound_messages_total{source="smtp",kind="bounce",status="parsed"} 12\n' } } },
      },
      async (_req, reply) => {
        const { text, contentType } = await metrics.scrape();
        return reply.type(contentType).send(text);
      },
    );
  }

  let doc: Record<string, unknown> | null = null;
  addRoute(
    ctx,
    {
      method: 'GET',
      url: '/v1/openapi.json',
      tag: 'operations',
      summary: 'This API described as an OpenAPI 3.1 document',
      querystring: z.strictObject({}),
      responses: { '200': { description: 'the document' } },
    },
    () => (doc ??= openApiDocument(ctx.routes, version)),
  );
}
