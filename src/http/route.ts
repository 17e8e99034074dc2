// One way to declare a route: its zod schemas validate the request (through fastify) and, with its
// summary and responses, make its entry in the OpenAPI document. So the document cannot drift from
// what the server checks.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { PipelineContext } from '../pipeline/context.js';
import type { Store } from '../store/open.js';
import type { StorePort } from '../store/port.js';
import type { HttpSettings } from '../config/http.js';
import type { Metrics } from '../metrics.js';

export interface ResponseDoc {
  description: string;
  /** media type → an example body */
  examples?: Record<string, unknown>;
  /** the JSON body's schema, usually a reference to a public shape (src/http/openapi.ts: ref, pageOf) */
  schema?: Record<string, unknown>;
}

export interface RouteSpec<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: 'GET' | 'PUT' | 'DELETE' | 'POST';
  url: string;
  summary: string;
  description?: string;
  tag: string;
  params?: P;
  querystring?: Q;
  /** a JSON body */
  body?: B;
  /** a body that is not JSON: media types it takes */
  rawBody?: { mediaTypes: string[]; description: string };
  responses: Record<string, ResponseDoc>;
  /** reachable without the token */
  public?: boolean;
  bodyLimit?: number;
  /** the setting behind bodyLimit, named when a body is refused as too large */
  bodyLimitSetting?: string;
}

export interface Parsed<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

export interface Ctx {
  app: FastifyInstance;
  /** the store, as its port: what the API asks */
  port: StorePort;
  /** the store handle itself, for the streamed export (not on the port yet) */
  store: Store;
  /** the pipeline's clock */
  now: PipelineContext['now'];
  /** the whole context, for what is not on the port yet (events from services, recorded replies) */
  pipeline: PipelineContext;
  settings: HttpSettings;
  metrics?: Metrics;
  logger: Logger;
  routes: RouteSpec[];
}

export function addRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  ctx: Ctx,
  spec: RouteSpec<P, Q, B>,
  handler: (req: Parsed<z.output<P>, z.output<Q>, z.output<B>>, reply: FastifyReply, raw: FastifyRequest) => unknown,
): void {
  ctx.routes.push(spec as unknown as RouteSpec);
  ctx.app.route({
    method: spec.method,
    url: spec.url,
    schema: {
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.querystring ? { querystring: spec.querystring } : {}),
      ...(spec.body ? { body: spec.body } : {}),
    },
    config: { public: spec.public ?? false, bodyLimitSetting: spec.bodyLimitSetting },
    ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
    handler: (req, reply) =>
      handler({ params: req.params as z.output<P>, query: req.query as z.output<Q>, body: req.body as z.output<B> }, reply, req),
  });
}
