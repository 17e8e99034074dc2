// The HTTP API (fastify): startHttp binds, serves until stop(). Off unless a port is configured;
// 127.0.0.1 by default; refuses a non-loopback address without a bearer token. Requests are not
// logged one by one (a sender may look up thousands of addresses a second); errors are, and every
// request is counted in the metrics.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { PipelineContext } from '../pipeline/context.js';
import { type HttpSettings, httpEnabled } from '../config/http.js';
import { isLoopbackHost } from '../config/loopback.js';
import { ConfigError } from '../config/error.js';
import type { Metrics } from '../metrics.js';
import { bearerAuth } from './auth.js';
import { clientError, errorHandler, frameworkErrors, notFound, zodValidator } from './errors.js';
import { MAX_ADDRESS_LENGTH } from '../address.js';
import type { Ctx, RouteSpec } from './route.js';
import { suppressionRoutes } from './routes/suppressions.js';
import { bounceRoutes } from './routes/bounces.js';
import { statsRoutes } from './routes/stats.js';
import { exportRoutes } from './routes/export.js';
import { messageRoutes } from './routes/messages.js';
import { opsRoutes } from './routes/ops.js';
import { eventRoutes } from './routes/events.js';
import { classifyRoutes } from './routes/classify.js';
import { type EventsSettings, parseEventsSettings } from '../config/events.js';
import { uiEnabled } from '../config/ui.js';
import { type UiOptions, uiRoutes } from './ui/routes.js';

export interface HttpOptions {
  logger: Logger;
  /** GET /metrics is served when given; requests are counted in it */
  metrics?: Metrics;
  /** the sending services whose events POST /v1/events/{provider} takes; default none */
  events?: EventsSettings;
  /** the dashboard, under /ui/, when it has sign-in tokens */
  ui?: UiOptions;
}

export interface HttpServer {
  /** `http://127.0.0.1:8025` */
  address: string;
  port: number;
  /** stop accepting, finish requests in flight; safe to call twice */
  stop(): Promise<void>;
}

const MAX_PARAM_LENGTH = MAX_ADDRESS_LENGTH * 3;

/** The fastify instance with every route, not listening (startHttp listens). */
export function buildHttp(pipeline: PipelineContext, settings: HttpSettings, opts: HttpOptions): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024, // JSON bodies; POST /v1/messages has its own limit
    requestTimeout: settings.requestTimeoutMs,
    return503OnClosing: true,
    // an address in the path, every character percent-encoded at worst
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkErrors(MAX_PARAM_LENGTH),
    clientErrorHandler: clientError,
  });
  // JSON bodies, and raw messages on POST /v1/messages; anything else is a 415
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(zodValidator);
  app.setErrorHandler(errorHandler(opts.logger));
  app.setNotFoundHandler(notFound);
  app.addHook('onRequest', bearerAuth(settings.token));
  const m = opts.metrics;
  if (m) {
    app.addHook('onResponse', (req, reply, done) => {
      const route = req.routeOptions.url ?? 'unmatched';
      m.httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
      m.httpDuration.observe({ route }, reply.elapsedTime / 1000);
      done();
    });
  }
  const ctx: Ctx = { app, port: pipeline.port, store: pipeline.store, now: pipeline.now, pipeline, settings, metrics: m, logger: opts.logger, routes: [] as RouteSpec[] };
  suppressionRoutes(ctx);
  bounceRoutes(ctx);
  statsRoutes(ctx);
  exportRoutes(ctx);
  messageRoutes(ctx);
  opsRoutes(ctx);
  classifyRoutes(ctx);
  eventRoutes(ctx, opts.events ?? parseEventsSettings({}));
  const ui = opts.ui;
  // its own scope: the session hook covers the dashboard's routes only
  if (ui && uiEnabled(ui.settings)) void app.register(async (scope) => uiRoutes(scope, pipeline, ui, opts.logger));
  return app;
}

export async function startHttp(pipeline: PipelineContext, settings: HttpSettings, opts: HttpOptions): Promise<HttpServer> {
  if (!httpEnabled(settings)) throw new ConfigError('not set: the HTTP API is off', 'http.port');
  if (!settings.token) {
    if (!isLoopbackHost(settings.host)) {
      throw new ConfigError(`not set: refusing to serve the API on ${settings.host}, which is not a loopback address, without a bearer token`, 'http.token');
    }
    opts.logger.warn({ host: settings.host }, 'HTTP API without a bearer token: anyone on this machine can use it (set REBOUND_HTTP_TOKEN)');
  }
  opts.metrics?.watchStore(pipeline.store, pipeline.now, pipeline.port);
  opts.metrics?.watchAlerts(() => pipeline.port.openAlerts());
  const app = buildHttp(pipeline, settings, opts);
  await app.listen({ host: settings.host, port: settings.port });
  const a = app.server.address();
  const port = typeof a === 'object' && a ? a.port : settings.port;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  const address = `http://${host}:${port}`;
  const dashboard = opts.ui && uiEnabled(opts.ui.settings) ? `${address}/ui/` : null;
  opts.logger.info({ address, auth: settings.token ? 'bearer' : 'none', dashboard }, 'HTTP API listening');
  let stopped: Promise<void> | null = null;
  return {
    address,
    port,
    stop: () => (stopped ??= app.close().then(() => opts.logger.info('HTTP API stopped'))),
  };
}
