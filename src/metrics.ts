// The Prometheus registry (prom-client): one per process, handed to every part that counts. The
// SMTP listener and the IMAP poller move their own counters (defined here so that one scrape shows
// everything); what the pipeline writes is counted through `recordWritten`, which the store's
// wiring (src/events/wire.ts) calls after each commit; `watchStore` reads the store's gauges at
// scrape time.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Store } from './store/open.js';
import type { StorePort } from './store/port.js';
import type { WriteCounts, WrittenSummary } from './events/wire.js';
import { type CountReader, type StoreCounts, createCountReader } from './store/counts.js';
import type { MailboxStatus } from './sources/imap/status.js';

export type { WrittenSummary };

export interface Metrics extends WriteCounts {
  readonly registry: Registry;
  /** SMTP sessions by how they ended (accepted, refused, error, timeout, ...) */
  readonly smtpSessions: Counter<'outcome'>;
  /** SMTP refusals (a 4xx/5xx reply) by cause (domain, signature, size, ...) */
  readonly smtpRefusals: Counter<'cause'>;
  /** per polled mailbox: seconds since its last complete pass (set from `watchPollers` at each scrape) */
  readonly imapLag: Gauge<'mailbox'>;
  /** per polled mailbox: messages seen waiting at its last look (from `watchPollers`) */
  readonly imapWaiting: Gauge<'mailbox'>;
  /** per polled mailbox: connections or passes that failed (moved by the pollers' onError) */
  readonly imapErrors: Counter<'mailbox'>;
  readonly messages: Counter<'source' | 'kind' | 'status'>;
  readonly bounces: Counter<'type' | 'reason'>;
  readonly suppressionsCreated: Counter<'type'>;
  readonly webhookDeliveries: Counter<'outcome'>;
  readonly exportRuns: Counter<'path' | 'result'>;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'route'>;
  /**
   * Read this store handle's gauges (active suppressions, database size, spool backlog, outbox)
   * when scraped. Once per handle (a second call does nothing); startHttp calls it. Returns the
   * function that stops it. `shared`: the store port, when it is a shared store (PostgreSQL) and not
   * this handle (then its suppressions, outbox and size; the backlog of this host's spool beside its).
   */
  watchStore(store: Store, now?: () => Date, shared?: Pick<StorePort, 'backend' | 'counts'>): () => void;
  /**
   * Count one processed message: the wiring of a handle on this thread calls it after the commit; a
   * handle on another thread (the SMTP spool worker) posts its summary and the main thread calls it.
   */
  recordWritten(w: WrittenSummary): void;
  /** a person suppressed an address */
  manualSuppressed(): void;
  /**
   * Read the pollers' status at each scrape for the IMAP gauges. A mailbox never passed over yet
   * counts its lag from this call. Returns the function that stops it.
   */
  watchPollers(pollers: { status(): MailboxStatus[] }): () => void;
  /**
   * The open alerts of the dashboard's signals as a gauge `rebound_alert{signal, subject}` (1 while
   * raised), read at each scrape. Returns the function that stops it.
   */
  watchAlerts(read: () => Promise<Array<{ signal: string; subject: string }>>): () => void;
  /** the exposition text and its content type */
  scrape(): Promise<{ text: string; contentType: string }>;
}

export interface MetricsOptions {
  /** process metrics (CPU, memory, event-loop lag, GC); default true */
  processMetrics?: boolean;
}

export function createMetrics(opts: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (opts.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'rebound_' });
  const counting = new WeakSet<Store>();
  // the store being watched and its counts, read once per scrape (one read serves the four gauges)
  let source: { store: Store; reader: CountReader; last: Promise<StoreCounts> | null; lastAt: number } | null = null;
  const counts = (): Promise<StoreCounts> | null => {
    if (!source) return null;
    if (!source.last || Date.now() - source.lastAt > 1000) {
      source.lastAt = Date.now();
      source.last = source.reader.read();
    }
    return source.last;
  };

  const gaugeFromStore = (name: string, help: string, labelNames: string[], set: (c: StoreCounts, g: Gauge<string>) => void) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers,
      async collect() {
        this.reset(); // labels that are gone (a type with no suppression left) disappear
        const c = await counts();
        if (c) set(c, this);
      },
    });

  gaugeFromStore('rebound_suppressions', 'Active suppressions, by type', ['type'], (c, g) => {
    for (const [type, n] of Object.entries(c.suppressionsByType)) g.set({ type }, n);
  });
  gaugeFromStore('rebound_database_bytes', 'Size of the database: the SQLite file with its write-ahead log, or the shared PostgreSQL database', [], (c, g) => c.databaseBytes !== null && g.set(c.databaseBytes));
  gaugeFromStore('rebound_messages_pending', 'Messages spooled and not yet processed', [], (c, g) => g.set(c.pendingMessages));
  gaugeFromStore('rebound_webhook_outbox', 'Webhook deliveries in the outbox, by state', ['state'], (c, g) => {
    for (const [state, n] of Object.entries(c.outbox)) g.set({ state }, n);
  });

  // the pollers being watched, and when each started to be (the lag of a mailbox not passed over yet)
  const pollerSources = new Map<{ status(): MailboxStatus[] }, number>();
  const eachMailbox = (fn: (s: MailboxStatus, since: number) => void) => {
    for (const [p, since] of pollerSources) for (const s of p.status()) fn(s, since);
  };

  let alerts: (() => Promise<Array<{ signal: string; subject: string }>>) | null = null;
  new Gauge({
    name: 'rebound_alert',
    help: "The dashboard's signals: 1 while an alert is raised, by signal and subject (provider or all)",
    labelNames: ['signal', 'subject'],
    registers,
    async collect() {
      const open = (await alerts?.()) ?? [];
      this.reset();
      for (const a of open) this.set({ signal: a.signal, subject: a.subject }, 1);
    },
  });

  const m: Metrics = {
    registry,
    smtpSessions: new Counter({ name: 'rebound_smtp_sessions_total', help: 'SMTP sessions, by outcome', labelNames: ['outcome'], registers }),
    smtpRefusals: new Counter({ name: 'rebound_smtp_refusals_total', help: 'SMTP commands refused, by cause', labelNames: ['cause'], registers }),
    imapLag: new Gauge({
      name: 'rebound_imap_lag_seconds',
      help: 'Seconds since the last complete pass over the mailbox (a new message waits at most about this long), per polled mailbox',
      labelNames: ['mailbox'],
      registers,
      collect() {
        const now = Date.now();
        // a mailbox another host polls (standby here) has no lag of this host's
        eachMailbox((s, since) => (s.standby ? this.remove({ mailbox: s.mailbox }) : this.set({ mailbox: s.mailbox }, (now - (s.lastSuccessAt ? Date.parse(s.lastSuccessAt) : since)) / 1000)));
      },
    }),
    imapWaiting: new Gauge({
      name: 'rebound_imap_waiting_messages',
      help: 'Messages seen waiting in the mailbox at the last look, per polled mailbox',
      labelNames: ['mailbox'],
      registers,
      collect() {
        eachMailbox((s) => this.set({ mailbox: s.mailbox }, s.lag));
      },
    }),
    imapErrors: new Counter({ name: 'rebound_imap_errors_total', help: 'IMAP errors, per polled mailbox', labelNames: ['mailbox'], registers }),
    messages: new Counter({
      name: 'rebound_messages_total',
      help: 'Messages processed by this process, by source, kind and status',
      labelNames: ['source', 'kind', 'status'],
      registers,
    }),
    bounces: new Counter({ name: 'rebound_bounces_total', help: 'Per-recipient records written, by type and reason', labelNames: ['type', 'reason'], registers }),
    suppressionsCreated: new Counter({
      name: 'rebound_suppressions_created_total',
      help: 'Suppressions made (new, or a soft one made permanent), by type',
      labelNames: ['type'],
      registers,
    }),
    webhookDeliveries: new Counter({
      name: 'rebound_webhook_deliveries_total',
      help: 'Webhook POST attempts, by outcome (delivered, failed, dead)',
      labelNames: ['outcome'],
      registers,
    }),
    exportRuns: new Counter({
      name: 'rebound_export_runs_total',
      help: 'Scheduled export runs, by file and result (written, unchanged, failed)',
      labelNames: ['path', 'result'],
      registers,
    }),
    httpRequests: new Counter({
      name: 'rebound_http_requests_total',
      help: 'HTTP API requests, by method, route and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'rebound_http_request_duration_seconds',
      help: 'HTTP API response time, by route',
      labelNames: ['route'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    }),
    watchStore(store, now = () => new Date(), shared) {
      if (counting.has(store)) return () => {}; // already counted: once per handle
      counting.add(store);
      const mine = { store, reader: createCountReader(store, now, shared), last: null, lastAt: 0 };
      const previous = source;
      source = mine;
      void previous?.reader.close();
      return () => {
        counting.delete(store);
        if (source === mine) source = null;
        void mine.reader.close();
      };
    },
    watchPollers(pollers) {
      pollerSources.set(pollers, Date.now());
      // every mailbox is listed from the start, with no error yet
      for (const s of pollers.status()) m.imapErrors.inc({ mailbox: s.mailbox }, 0);
      return () => void pollerSources.delete(pollers);
    },
    recordWritten(w) {
      m.messages.inc({ source: w.source, kind: w.kind, status: w.status });
      for (const r of w.records) {
        m.bounces.inc({ type: r.type, reason: r.reason });
        if (r.suppressed) m.suppressionsCreated.inc({ type: r.suppressed });
      }
    },
    manualSuppressed() {
      m.suppressionsCreated.inc({ type: 'manual' });
    },
    watchAlerts(read) {
      alerts = read;
      return () => {
        if (alerts === read) alerts = null;
      };
    },
    async scrape() {
      if (source) source.last = null; // counted afresh for each scrape
      return { text: await registry.metrics(), contentType: registry.contentType };
    },
  };
  return m;
}
