// For operations: /healthz (no token: for a load balancer or a container's health check),
// /metrics (Prometheus text) and /v1/openapi.json.
import { z } from 'zod';
import { openApiDocument } from '../openapi.js';
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
