// `rebound serve`: everything that runs until it is told to stop, started in one place: the SMTP
// listener with its spooler (group commit and background processing, on a worker thread), the IMAP
// pollers of the configured mailboxes (a store connection of their own; a message is moved only
// once its commit is durable), the HTTP API, the webhook drain loop, the scheduled exports, and the
// metrics of all of them in one registry.
//
// Store observers belong to a handle, so each handle that writes is wired (src/events/wire.ts): the
// outbox (webhook events queued in the transaction that made them) and the counts of what it
// writes. The spool worker's handle is on another thread: it is given the webhook settings and
// posts what it wrote. The policy, the return-path keys and the clock are one pipeline context.
//
// Several hosts may share one store (README, "Running several MX hosts"): each writes its heartbeat
// there, polls an IMAP mailbox only while it holds the mailbox's lease, and generates the scheduled
// export files only while it holds the exports' lease (src/cluster).
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { ConfigError } from './config/error.js';
import type { SmtpConfig } from './config/smtp.js';
import { type SpoolSettings, parseSpoolSettings } from './config/spool.js';
import { type ReturnPathSettings, parseReturnPathSettings, returnPathKeysOf } from './config/return-path.js';
import type { MailboxConfig } from './config/imap.js';
import { type HttpSettings, httpEnabled } from './config/http.js';
import { type WebhookSettings, parseWebhookSettings } from './config/webhooks.js';
import { type ExportSettings, parseExportSettings } from './config/export.js';
import type { EventsSettings } from './config/events.js';
import type { ForwardSettings } from './config/forward.js';
import { withListmonk } from './webhooks/listmonk.js';
import type { Spooler } from './pipeline/spooler.js';
import { openInlineSpooler } from './pipeline/spooler-inline.js';
import { openWorkerSpooler, spoolWorkerAvailable } from './pipeline/spooler-worker.js';
import { createSmtpListener } from './sources/smtp/listener.js';
import type { SessionOutcome } from './sources/smtp/session-log.js';
import { openStore, type Store } from './store/open.js';
import { type ContextOptions, pipelineContext } from './pipeline/context.js';
import { wireStoreObservers } from './events/wire.js';
import { migratePg, openPgStore, type PgStore } from './store/pg/open.js';
import { pgPortOf } from './store/pg/context-port.js';
import { startPollers, type Pollers } from './sources/imap/index.js';
import { type HttpServer, startHttp } from './http/server.js';
import { startWebhooks, type Webhooks } from './webhooks/drain.js';
import { type ScheduledExports, startScheduledExports } from './export/scheduled.js';
import { createMetrics, type Metrics } from './metrics.js';
import { type UiSettings, uiEnabled } from './config/ui.js';
import { type SignalMonitor, startSignalMonitor } from './signals/monitor.js';
import { log as defaultLog } from './log.js';
import { reloadRules } from './pipeline/reload-rules.js';
import { type HostSettings, hostIdOf, parseHostSettings } from './config/host.js';
import { type Heartbeat, startHeartbeat } from './cluster/heartbeat.js';
import { keepLease } from './cluster/lease.js';
import { EXPORT_LEADER, SIGNALS_LEADER, imapLeaseName } from './cluster/lease-names.js';

export interface ServeConfig {
  dbPath: string;
  smtp: SmtpConfig;
  /** the signed return paths (default: none, unchecked) */
  returnPath?: ReturnPathSettings;
  /** the spool's limit (default: spool.maxBytes's) */
  spool?: SpoolSettings;
  /** this host among several sharing the store: its id, heartbeat and leases (default: [host]'s defaults) */
  host?: HostSettings;
  /** IMAP mailboxes to watch; none: no pollers */
  imap?: readonly MailboxConfig[];
  /** the HTTP API runs when its port is set */
  http?: HttpSettings;
  /** webhooks run when urls are set */
  webhook?: WebhookSettings;
  /** events from sending services, served by the HTTP API */
  events?: EventsSettings;
  /** bridges: records forwarded to listmonk through the webhook outbox */
  forward?: ForwardSettings;
  /** scheduled exports run when files are set */
  export?: ExportSettings;
  /** the dashboard (with the HTTP API) and its signals run when it has sign-in tokens */
  ui?: UiSettings;
  /** the process's registry; default a new one */
  metrics?: Metrics;
  log?: Logger;
  /** the pipeline's policy and return-path keys (and, inline only, its clock) */
  context?: ContextOptions;
  /**
   * the store's rule files (`[classify] rules`); `url`: a PostgreSQL store shared with other hosts
   * (then `dbPath` is this host's local spool, forwarded into it)
   */
  store?: { rules?: readonly string[]; url?: string };
  /** where the database work runs; default: a worker thread when the compiled worker is there */
  spooler?: 'worker' | 'inline';
  /** the spooler died (the listener answers 451 from then on): the caller should stop */
  onFatal?: (err: Error) => void;
}

export interface Serving<S extends Spooler = Spooler> {
  smtp: AddressInfo;
  spooler: S;
  /** the IMAP pollers, when mailboxes are configured */
  pollers?: Pollers;
  /** the HTTP API, when its port is set */
  http?: HttpServer;
  webhooks: Webhooks;
  exports: ScheduledExports;
  metrics: Metrics;
  /** stop accepting, finish what is in hand (bounded), close the stores; safe to call twice */
  stop(): Promise<void>;
  /** read the rule files again (SIGHUP); a bad file is refused, logged, and the rules in use stay */
  reloadRules(): Promise<boolean>;
}

export async function startServe(cfg: ServeConfig): Promise<Serving> {
  const log = cfg.log ?? defaultLog;
  const metrics = cfg.metrics ?? createMetrics();
  const webhook = withListmonk(cfg.webhook ?? parseWebhookSettings({}), cfg.forward);
  const tls = cfg.smtp.tls ? readTls(cfg.smtp.tls) : undefined;
  const mode = cfg.spooler ?? (spoolWorkerAvailable() && !cfg.context?.now ? 'worker' : 'inline');
  // every handle checks signed return paths found inside reports with the listener's keys
  const returnPath = cfg.returnPath ?? parseReturnPathSettings({});
  const contextOpts: ContextOptions = { ...cfg.context, returnPaths: cfg.context?.returnPaths ?? returnPathKeysOf(returnPath) };

  // what has been started, for the stop (or for undoing a start that fails half-way)
  let store: Store | undefined;
  let spooler: Spooler | undefined;
  let webhooks: Webhooks | undefined;
  let listener: ReturnType<typeof createSmtpListener> | undefined;
  let imapStore: Store | undefined;
  let shared: PgStore | undefined;
  let pollers: Pollers | undefined;
  let exports: ScheduledExports | undefined;
  let http: HttpServer | undefined;
  let signals: SignalMonitor | undefined;
  let heartbeat: Heartbeat | undefined;
  const unwatch: Array<() => void> = [];

  const shutdown = async () => {
    // stop taking in; each finishes what it has in hand (SMTP sessions, an IMAP batch, requests)
    await signals?.stop();
    await Promise.all([listener?.close(), pollers?.stop(), http?.stop()]);
    // commit what is waiting; the rest stays pending for the next start
    await spooler?.close();
    await exports?.stop();
    // events not yet delivered stay in the outbox
    await webhooks?.stop();
    // last: the host is alive until its work is put down
    await heartbeat?.stop();
    for (const u of unwatch.splice(0)) u();
    await imapStore?.close();
    await store?.close();
    await shared?.close();
  };

  // SIGHUP, and the dashboard after it wrote a rule
  const reload = async (): Promise<boolean> => {
    // checked on this thread first: a bad file changes nothing anywhere
    try {
      reloadRules(store!);
    } catch (err) {
      log.error({ err: (err as Error).message }, 'rule files not reloaded: the rules in use stay');
      return false;
    }
    if (imapStore) imapStore.classifier = store!.classifier;
    // the pollers' parse thread: what it parses after this, it classifies with the new rules
    pollers?.reloadRules();
    try {
      await spooler!.reloadRules();
    } catch (err) {
      log.error({ err: (err as Error).message }, 'the spooler did not reload the rule files: its rules in use stay');
      return false;
    }
    log.info({ rules: store!.rules, fingerprint: store!.classifier.fingerprint }, 'rule files reloaded');
    return true;
  };

  let smtp: AddressInfo;
  try {
    // the main thread's handle: the API, the drain loop, the exports, the metrics gauges
    store = await openStore(cfg.dbPath, { rules: cfg.store?.rules });
    const kick = () => webhooks?.kick();
    const wiring = { webhook, onQueued: kick, counts: metrics };
    const storeUrl = cfg.store?.url;
    if (storeUrl) {
      // the shared store: its schema brought up to date by whichever host starts first
      const pgStore = openPgStore(storeUrl, { max: 4 });
      shared = pgStore;
      const migrated = await migratePg(pgStore);
      if (migrated.error) throw new Error(`the PostgreSQL store ${pgStore.url}: ${migrated.error instanceof Error ? migrated.error.message : String(migrated.error)}`);
    }
    // with a shared store, each handle's port writes there (and its observers are the port's)
    const portOf = shared ? pgPortOf(shared, wiring) : undefined;
    const ctx = pipelineContext(store, contextOpts, portOf);
    unwatch.push(metrics.watchStore(store, ctx.now, ctx.port));
    if (!shared) unwatch.push(wireStoreObservers(store, wiring));
    const spoolerOpts = {
      dbPath: cfg.dbPath,
      maxBytes: (cfg.spool ?? parseSpoolSettings({})).maxBytes,
      windowMs: cfg.smtp.commit.windowMs,
      maxBatch: cfg.smtp.commit.maxBatch,
      context: contextOpts,
      rules: cfg.store?.rules,
      log,
      webhook,
      onQueued: kick,
      onWritten: metrics.recordWritten,
      storeUrl,
    };
    spooler = mode === 'worker' ? await openWorkerSpooler(spoolerOpts) : await openInlineSpooler(spoolerOpts);
    spooler.onFatal((err) => {
      log.fatal({ err: err.message }, 'the spooler died: messages can no longer be stored');
      cfg.onFatal?.(err);
    });
    webhooks = startWebhooks(ctx, webhook, { logger: log, metrics });
    const s = spooler;
    const host = cfg.host ?? parseHostSettings({});
    const hostId = hostIdOf(host);
    heartbeat = startHeartbeat({ port: ctx.port, hostId, intervalMs: host.heartbeatSeconds * 1000, spoolBacklogBytes: async () => (await s.stats()).backlogBytes, now: ctx.now, log });
    const lease = (name: string) => keepLease({ port: ctx.port, name, owner: hostId, ttlMs: host.leaseSeconds * 1000, now: ctx.now, log });
    const l = createSmtpListener({ config: cfg.smtp, returnPath, spool: (raw, meta) => s.spool(raw, meta), log, tls, now: cfg.context?.now, onSession: countSession(metrics) });
    smtp = await l.listen();
    listener = l;
    if (cfg.imap?.length) {
      // FULL (the default): a message is moved or deleted only once its commit is durable
      imapStore = await openStore(cfg.dbPath, { rules: cfg.store?.rules });
      if (!shared) unwatch.push(wireStoreObservers(imapStore, wiring));
      pollers = startPollers(pipelineContext(imapStore, contextOpts, portOf), cfg.imap, {
        logger: log,
        onError: (mailbox) => metrics.imapErrors.inc({ mailbox }),
        lease: (key) => lease(imapLeaseName(key)),
      });
      unwatch.push(metrics.watchPollers(pollers));
    }
    const exportSettings = cfg.export ?? parseExportSettings({});
    exports = startScheduledExports(ctx, exportSettings, { logger: log, metrics, leader: exportSettings.files.length ? lease(EXPORT_LEADER) : undefined });
    const dashboard = cfg.http && httpEnabled(cfg.http) && uiEnabled(cfg.ui) ? cfg.ui : undefined;
    if (dashboard) signals = startSignalMonitor(ctx, dashboard.signals, webhook, { logger: log, onQueued: kick, leader: lease(SIGNALS_LEADER) });
    if (cfg.http && httpEnabled(cfg.http)) {
      const p = pollers;
      const ui = dashboard && {
        settings: dashboard,
        webhook,
        onQueued: kick,
        reloadRules: reload,
        status: { pollers: p && (() => p.status()), exportFiles: cfg.export?.files ?? [], spooler: spooler.mode },
      };
      http = await startHttp(ctx, cfg.http, { logger: log, metrics, events: cfg.events, ui });
    }
  } catch (err) {
    await shutdown().catch((e: Error) => log.error({ err: e.message }, 'stopping after a failed start failed'));
    throw err;
  }
  if (!cfg.smtp.domains.length) {
    log.warn('smtp.domains (REBOUND_SMTP_DOMAINS) is empty: every recipient domain is accepted; for local trials only');
  }
  log.info(
    {
      smtp: `${smtp.address}:${smtp.port}`,
      domains: cfg.smtp.domains,
      signedReturnPaths: returnPath.keys.length > 0,
      db: cfg.dbPath,
      sharedStore: shared?.url ?? null,
      host: hostIdOf(cfg.host ?? parseHostSettings({})),
      tls: !!tls,
      spooler: spooler.mode,
      imapMailboxes: cfg.imap?.map((m) => m.name) ?? [],
      http: http?.address ?? null,
      webhookUrls: webhook.urls.length,
      exportFiles: cfg.export?.files.map((f) => f.path) ?? [],
    },
    'rebound serve started',
  );

  let stopped: Promise<void> | undefined;
  const stop = async () => {
    await shutdown();
    log.info('rebound serve stopped');
  };
  return { smtp, spooler, pollers, http, webhooks, exports, metrics, stop: () => (stopped ??= stop()), reloadRules: reload };
}

/** Each SMTP session's outcome and refusals, counted. */
function countSession(metrics: Metrics) {
  return (s: SessionOutcome) => {
    metrics.smtpSessions.inc({ outcome: s.outcome });
    for (const cause of s.refusals) metrics.smtpRefusals.inc({ cause });
  };
}

function readTls(files: { key: string; cert: string }): { key: Buffer; cert: Buffer } {
  const read = (path: string, setting: string) => {
    try {
      return readFileSync(path);
    } catch (err) {
      throw new ConfigError(`cannot read ${path}: ${(err as Error).message}`, setting);
    }
  };
  return { key: read(files.key, 'smtp.tls.key (REBOUND_SMTP_TLS_KEY)'), cert: read(files.cert, 'smtp.tls.cert (REBOUND_SMTP_TLS_CERT)') };
}
