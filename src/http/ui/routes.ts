// The dashboard under /ui/: its files, and the JSON it reads (/ui/api/...), behind a session
// (access.ts) rather than the API's bearer token, so that a browser never holds a token it could
// leak to a script. Reads and writes go through the store's port (SQLite, or the PostgreSQL store
// several hosts share), as the CLI's and the API's do; writes are recorded with the person's name.
// The rule files and the classifier are this host's (ctx.store).
import { statSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Logger } from 'pino';
import type { PipelineContext } from '../../pipeline/context.js';
import type { UiSettings } from '../../config/ui.js';
import type { WebhookSettings } from '../../config/webhooks.js';
import type { MailboxStatus } from '../../sources/imap/status.js';
import { COUNT_CAP, SUPPRESSION_SORTS, type SuppressionSort } from '../../store/dashboard.js';
import { presentSuppressionHistory } from '../../present/suppression.js';
import { overview } from '../../stats/overview.js';
import { currentSignals, syncAlerts } from '../../signals/monitor.js';
import { FORMATS } from '../../export/formats.js';
import { exportChunks } from '../../export/stream.js';
import { domainKey } from '../../address.js';
import { packageVersion } from '../../version.js';
import { readStatus } from '../../cluster/status.js';
import { HttpError } from '../errors.js';
import { EXTENSIONS, MEDIA_TYPES } from '../routes/export.js';
import { addressParam, isoDate } from '../params.js';
import { loadAssets } from './assets.js';
import { BOUNCE_HTML_CSP, PAGE_CSP, requireAdmin, requireSession, securityHeaders, sessionOf } from './access.js';
import { COOKIE, createSessions } from './session.js';
import { htmlPart, viewMessage } from './message-view.js';
import { phraseBody, REPARSED_AT_MOST, writeRuleFromReview } from './review-rule.js';
import { parserVersion } from '../../pipeline/parser-version.js';
import { BOUNCE_TYPES, REASONS, SMTP_COMMANDS } from '../../vocabulary/index.js';

/** What the Status page shows of the running service beside the store */
export interface UiStatusSource {
  pollers?(): MailboxStatus[];
  exportFiles?: Array<{ path: string; format: string }>;
  spooler?: string;
}

export interface UiOptions {
  settings: UiSettings;
  /** for the signals' alert events; default: none */
  webhook?: WebhookSettings;
  /** dist/ui by default */
  assetsDir?: string;
  status?: UiStatusSource;
  /** called when alerts queued webhook events (the drain loop's kick) */
  onQueued?: () => void;
  /** read the rule files again everywhere (serve's SIGHUP path), after a rule is written; default: this store's only */
  reloadRules?: () => Promise<boolean>;
}

const TYPES = ['hard', 'soft', 'complaint', 'manual'] as const;
/** the overview's longest range: a year of days */
const MAX_RANGE_DAYS = 366;
const text = (max: number) => z.string().trim().min(1).max(max);
const page = { offset: z.coerce.number().int().min(0).max(10_000_000).default(0), limit: z.coerce.number().int().min(1).max(200).default(25) };
const idParam = z.strictObject({ id: z.coerce.number().int().min(1) });

export function uiRoutes(app: FastifyInstance, ctx: PipelineContext, opts: UiOptions, logger: Logger): void {
  const store = ctx.store;
  const sessions = createSessions(opts.settings);
  const assets = loadAssets(opts.assetsDir);
  if (!assets) logger.warn('the dashboard is not built (dist/ui is missing): /ui/ answers 503; run npm run build');
  const pageHeaders = securityHeaders(PAGE_CSP);
  app.addHook('onRequest', requireSession(sessions));

  const route = <Q extends z.ZodType, P extends z.ZodType, B extends z.ZodType>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    schema: { querystring?: Q; params?: P; body?: B },
    handler: (req: { query: z.output<Q>; params: z.output<P>; body: z.output<B>; raw: FastifyRequest }, reply: FastifyReply) => unknown,
  ) =>
    app.route({
      method,
      url,
      schema,
      // not the API's bearer token: the session (access.ts)
      config: { public: true },
      handler: (req, reply) => {
        pageHeaders(reply).header('cache-control', 'no-store');
        return handler({ query: req.query as z.output<Q>, params: req.params as z.output<P>, body: req.body as z.output<B>, raw: req }, reply);
      },
    });

  // ---- the files
  const sendAsset = (name: string, req: FastifyRequest, reply: FastifyReply) => {
    if (!assets) return reply.code(503).type('text/plain; charset=utf-8').send('the dashboard is not built: run npm run build\n');
    const a = assets.get(name);
    if (!a) throw new HttpError(404, 'not_found', `no such file: ${name}`);
    pageHeaders(reply).type(a.type).header('vary', 'accept-encoding').header('cache-control', a.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(a.gzip);
    return reply.send(a.body);
  };
  // /ui too (the server ignores a trailing slash): the page's links are absolute
  app.route({ method: 'GET', url: '/ui/', config: { public: true }, handler: (req, reply) => sendAsset('index.html', req, reply) });
  app.route({
    method: 'GET',
    url: '/ui/assets/:name',
    config: { public: true },
    handler: (req, reply) => sendAsset((req.params as { name: string }).name, req, reply),
  });

  // ---- signing in and out
  route('POST', '/ui/api/session', { body: z.strictObject({ token: z.string().min(1).max(1000) }) }, ({ body, raw }, reply) => {
    const now = Date.now();
    const client = raw.ip;
    const allowed = sessions.allowAttempt(client, now);
    if (!allowed.ok) {
      reply.header('retry-after', String(allowed.retryAfterSeconds));
      throw new HttpError(429, 'too_many_attempts', `too many failed sign-ins from ${client}: try again in ${allowed.retryAfterSeconds} s`);
    }
    const s = sessions.signIn(body.token, now);
    if (!s) {
      sessions.failed(client, now);
      logger.warn({ client }, 'dashboard: a sign-in with an unknown token');
      throw new HttpError(401, 'invalid_token', 'this token is not valid');
    }
    logger.info({ name: s.name, role: s.role, client }, 'dashboard: signed in');
    const secure = raw.protocol === 'https' ? '; Secure' : '';
    reply.header('set-cookie', `${COOKIE}=${s.id}; Path=/ui; HttpOnly; SameSite=Strict; Max-Age=${opts.settings.sessionHours * 3600}${secure}`);
    return { name: s.name, role: s.role, csrf: s.csrf };
  });
  route('GET', '/ui/api/session', {}, ({ raw }) => {
    const s = sessionOf(raw);
    return { name: s.name, role: s.role, csrf: s.csrf };
  });
  route('DELETE', '/ui/api/session', {}, ({ raw }, reply) => {
    sessions.signOut(sessionOf(raw).id);
    reply.header('set-cookie', `${COOKIE}=; Path=/ui; HttpOnly; SameSite=Strict; Max-Age=0`);
    return { signedOut: true };
  });

  // ---- overview
  route('GET', '/ui/api/overview', { querystring: z.strictObject({ from: isoDate, to: isoDate }) }, ({ query }) => {
    if (query.from >= query.to) throw new HttpError(400, 'invalid_query', 'from: expected a time before to', 'from');
    if (query.to.getTime() - query.from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
      throw new HttpError(400, 'invalid_query', `to: expected at most ${MAX_RANGE_DAYS} days after from`, 'to');
    }
    return overview(ctx.port, { from: query.from.toISOString(), to: query.to.toISOString() });
  });

  // ---- suppressions
  route(
    'GET',
    '/ui/api/suppressions',
    {
      querystring: z.strictObject({
        q: z.string().trim().max(320).optional(),
        domain: z.string().trim().max(255).optional(),
        type: z.union([z.enum(TYPES), z.array(z.enum(TYPES))]).optional(),
        reason: z.string().trim().max(200).optional(),
        from: isoDate.optional(),
        to: isoDate.optional(),
        state: z.enum(['active', 'lifted', 'all']).default('active'),
        sort: z.enum(Object.keys(SUPPRESSION_SORTS) as [SuppressionSort, ...SuppressionSort[]]).default('suppressedAt'),
        dir: z.enum(['asc', 'desc']).default('desc'),
        ...page,
      }),
    },
    async ({ query }) => {
      const r = await ctx.port.searchSuppressions(
        {
          q: query.q || undefined,
          domain: query.domain ? domainKey(query.domain) : undefined,
          types: query.type === undefined ? undefined : ([] as string[]).concat(query.type),
          reason: query.reason || undefined,
          from: query.from?.toISOString(),
          to: query.to?.toISOString(),
          state: query.state,
          sort: query.sort,
          desc: query.dir === 'desc',
          offset: query.offset,
          limit: query.limit,
        },
        ctx.now().toISOString(),
      );
      return { total: r.total, totalCapped: r.total > COUNT_CAP, more: r.more, offset: query.offset, limit: query.limit, items: r.items.map(presentSuppressionHistory) };
    },
  );
  route('PUT', '/ui/api/suppressions/:address', { params: addressParam, body: z.strictObject({ reason: text(1000) }) }, async ({ params, body, raw }) => {
    const s = requireAdmin(raw);
    const r = await ctx.port.suppress(params.address.address, body.reason, ctx.now(), `ui:${s.name}`);
    return { address: r.address, outcome: r.outcome, suppression: presentSuppressionHistory(r.suppression) };
  });
  route('POST', '/ui/api/suppressions/:address/lift', { params: addressParam, body: z.strictObject({ note: text(1000) }) }, ({ params, body, raw }) => {
    const s = requireAdmin(raw);
    return ctx.port.unsuppress(params.address.address, body.note, ctx.now(), `ui:${s.name}`);
  });
  route(
    'GET',
    '/ui/api/export',
    { querystring: z.strictObject({ format: z.enum(FORMATS).default('csv'), type: z.union([z.enum(TYPES), z.array(z.enum(TYPES))]).optional(), domain: z.string().trim().max(255).optional() }) },
    ({ query }, reply) => {
      const types = query.type === undefined ? undefined : ([] as Array<(typeof TYPES)[number]>).concat(query.type);
      const chunks = exportChunks(ctx.port, { format: query.format, types, domain: query.domain || undefined, at: ctx.now() });
      return reply
        .type(MEDIA_TYPES[query.format])
        .header('content-disposition', `attachment; filename="rebound-suppressions-${query.format}.${EXTENSIONS[query.format]}"`)
        .send(Readable.from(chunks, { objectMode: false }));
    },
  );

  // ---- one address, one message
  route('GET', '/ui/api/addresses/:address', { params: addressParam }, ({ params }) => ctx.port.history(params.address.address, ctx.now()));
  const messageOr404 = async (id: number) => {
    const [m, input] = await Promise.all([ctx.port.message(id), ctx.port.rawInput(id)]);
    if (!m || !input) throw new HttpError(404, 'not_found', `no message ${id}`);
    return { m, raw: input.raw };
  };
  route('GET', '/ui/api/messages/:id', { params: idParam }, async ({ params }) => {
    const { m, raw } = await messageOr404(params.id);
    const [records, review] = await Promise.all([ctx.port.recordsOfMessage(m.id), ctx.port.reviewMark(m.id)]);
    return { message: m, records, review, view: await viewMessage(raw) };
  });
  route('GET', '/ui/api/messages/:id/raw', { params: idParam }, async ({ params }, reply) => {
    const { raw } = await messageOr404(params.id);
    return reply.type('text/plain; charset=utf-8').header('content-disposition', `attachment; filename="rebound-message-${params.id}.eml"`).send(raw);
  });
  route('GET', '/ui/api/messages/:id/html', { params: idParam }, async ({ params }, reply) => {
    const { raw } = await messageOr404(params.id);
    const html = await htmlPart(raw);
    if (html === null) throw new HttpError(404, 'not_found', `message ${params.id} has no HTML part`);
    // the frame's own policy: sandboxed (a unique origin, no script, no form, no navigation of the page), nothing loaded
    securityHeaders(BOUNCE_HTML_CSP)(reply);
    return reply.type('text/html; charset=utf-8').send(html);
  });

  // ---- review queue
  route('GET', '/ui/api/review', { querystring: z.strictObject(page) }, async ({ query }) => ({ ...(await ctx.port.reviewQueue(query.offset, query.limit)), offset: query.offset, limit: query.limit }));
  route(
    'POST',
    '/ui/api/review/:id',
    { params: idParam, body: z.strictObject({ verdict: z.literal('not-bounce'), note: z.string().trim().max(1000).optional() }) },
    async ({ params, body, raw }) => {
      const s = requireAdmin(raw);
      if (!(await ctx.port.message(params.id))) throw new HttpError(404, 'not_found', `no message ${params.id}`);
      const marked = await ctx.port.markReviewed(params.id, body.verdict, body.note || null, `ui:${s.name}`, ctx.now().toISOString());
      return { id: params.id, verdict: body.verdict, marked };
    },
  );

  // a rule from a message of the queue, into the configured rule file (review-rule.ts)
  const rulesFile = opts.settings.rulesFile;
  if (rulesFile !== undefined && !store.rules.includes(rulesFile)) {
    logger.error({ rulesFile, rules: store.rules }, 'dashboard: ui.rulesFile is not among [classify] rules: no rule can be written');
  }
  const ruleFileOr409 = () => {
    if (rulesFile === undefined) throw new HttpError(409, 'no_rule_file', 'no rule file is configured for the dashboard: set [ui] rulesFile (and list it in [classify] rules)');
    if (!store.rules.includes(rulesFile)) throw new HttpError(409, 'no_rule_file', `ui.rulesFile "${rulesFile}" is not among [classify] rules`);
    return rulesFile;
  };
  route('GET', '/ui/api/rules/form', {}, () => ({
    file: rulesFile !== undefined && store.rules.includes(rulesFile) ? rulesFile : null,
    reasons: REASONS.filter((r) => r !== 'undefined' && r !== 'onhold' && r !== 'delivered'),
    commands: SMTP_COMMANDS,
    types: BOUNCE_TYPES,
    reparsedAtMost: REPARSED_AT_MOST,
  }));
  route('POST', '/ui/api/review/:id/rule', { params: idParam, body: phraseBody }, async ({ params, body, raw }) => {
    const s = requireAdmin(raw);
    const file = ruleFileOr409();
    return writeRuleFromReview(ctx, { file, reload: opts.reloadRules }, params.id, body, `ui:${s.name}`, logger);
  });

  // ---- signals
  const signals = opts.settings.signals;
  route('GET', '/ui/api/signals', {}, async () => {
    const now = ctx.now();
    const current = await currentSignals(ctx.port, signals, now);
    // seen on the page: raised (and cleared) as the timer would, so the page and the webhooks agree
    const changes = await syncAlerts(ctx.port, current, opts.webhook ?? null, now);
    if (changes.raised.length || changes.cleared.length) opts.onQueued?.();
    return { settings: signals, current, alerts: (await ctx.port.recentAlerts(50)).map((a) => ({ ...a, detail: JSON.parse(a.detail) as unknown })) };
  });

  // ---- status
  route('GET', '/ui/api/status', {}, async () => {
    // the gauges and the hosts sharing the store and the leases, as /metrics and GET /v1/status give them
    const [counts, shared] = await Promise.all([ctx.port.counts(ctx.now()), readStatus(ctx.port, ctx.now())]);
    return {
      version: packageVersion(),
      now: ctx.now().toISOString(),
      spooler: opts.status?.spooler ?? null,
      pendingMessages: counts.pendingMessages,
      outbox: counts.outbox,
      databaseBytes: counts.databaseBytes,
      suppressionsByType: counts.suppressionsByType,
      pollers: opts.status?.pollers?.() ?? [],
      exports: (opts.status?.exportFiles ?? []).map((f) => ({ ...f, writtenAt: mtimeOf(f.path) })),
      webhookUrls: opts.webhook?.urls.length ?? 0,
      hosts: shared.hosts,
      imapLeases: shared.imap,
      exportsLeader: shared.exportsLeader,
      signalsLeader: shared.signalsLeader,
      pendingSubscriptions: shared.pendingSubscriptions,
      // the rule files in use (reloaded on SIGHUP or from the review queue) and the version they stamp
      rules: { files: store.rules, parserVersion: parserVersion(store.classifier) },
    };
  });
}

function mtimeOf(path: string): string | null {
  try {
    return statSync(path).mtime.toISOString();
  } catch {
    return null;
  }
}
