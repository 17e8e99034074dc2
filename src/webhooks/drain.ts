// The outbox drain loop: claims due rows per URL (at most `concurrency` in flight each), POSTs
// them, and records the result in the store. A failing URL is paused with exponential backoff and
// then probed with one request at a time until it answers again (so a dead endpoint costs one
// request per pause, not one per event, nor `concurrency` per pause) and each failed row waits
// its own backoff; a row older than maxAgeHours is given up. State lives in SQLite, so a restart
// resumes; a row whose request was cut by a crash is retried when its lease ends. Ingestion only
// ever inserts rows: it never waits on this loop.
import type { Logger } from 'pino';
import type { PipelineContext } from '../pipeline/context.js';
import type { OutboxRow } from '../store/schema.js';
import { inTransaction, isOpen } from '../store/sync.js';
import type { WebhookSettings } from '../config/webhooks.js';
import type { Metrics } from '../metrics.js';
import { backoffMs } from './backoff.js';
import { deliver } from './deliver.js';
import { SIGNATURE_HEADER, signatureHeader } from './sign.js';
import { listmonkHeaders } from './listmonk.js';

export interface WebhooksOptions {
  logger: Logger;
  metrics?: Metrics;
  /** the clock (tests); default the context's */
  now?: () => Date;
}

export interface Webhooks {
  /** look at the outbox now */
  kick(): void;
  /** one pass that starts now (after any pass already running, which may have read the outbox
   *  before the caller's last commit); resolves when its POSTs have finished, with the number of
   *  attempts made */
  drainOnce(): Promise<number>;
  /** no new attempts; waits for those in flight (cut at the timeout); safe to call twice */
  stop(): Promise<void>;
}

const HOUSEKEEPING_MS = 60_000;
/** the lease outlasts the request's timeout by this much */
const LEASE_MARGIN_MS = 5_000;

export function startWebhooks(ctx: PipelineContext, settings: WebhookSettings, opts: WebhooksOptions): Webhooks {
  const store = ctx.store;
  const log = opts.logger;
  const now = opts.now ?? (() => ctx.now());
  // each URL with the headers that authenticate a request to it: Rebound's signature for the
  // webhook URLs, listmonk's credentials for the listmonk bridge
  const targets = new Map<string, (body: string, unixSeconds: number) => Record<string, string>>();
  const secret = settings.secret;
  if (secret) for (const url of settings.urls) targets.set(url, (body, t) => ({ [SIGNATURE_HEADER]: signatureHeader(secret, body, t) }));
  const listmonk = settings.listmonk;
  if (listmonk) targets.set(listmonk.url, () => listmonkHeaders(listmonk));
  if (!targets.size) {
    return { kick() {}, drainOnce: async () => 0, stop: async () => {} };
  }
  const urls = [...targets.keys()];
  const stopCtl = new AbortController();
  const inFlight = new Map<string, number>();
  const running = new Set<Promise<void>>();
  const urlFailures = new Map<string, number>();
  const pausedUntil = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;
  let stopped: Promise<void> | null = null;
  let lastHousekeeping = 0;

  const schedule = (ms: number) => {
    if (stopCtl.signal.aborted) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, ms);
    timer.unref();
  };

  async function housekeeping(t: Date): Promise<void> {
    const { dead, abandoned, pruned } = await ctx.port.tidyOutbox({
      createdBefore: new Date(t.getTime() - settings.maxAgeHours * 3_600_000).toISOString(),
      urls,
      doneBefore: new Date(t.getTime() - settings.keepDays * 86_400_000).toISOString(),
      at: t.toISOString(),
    });
    if (dead || abandoned) log.warn({ dead, abandoned }, 'webhook events given up');
    if (dead) opts.metrics?.webhookDeliveries.inc({ outcome: 'dead' }, dead);
    if (pruned) log.debug({ pruned }, 'old webhook events deleted');
  }

  /** Claim and start what is due; returns the number of attempts started. */
  async function pass(): Promise<number> {
    if (stopCtl.signal.aborted) return 0;
    // a batch transaction is open on this connection (bulk ingest): its rows are not committed yet
    if (inTransaction(store)) {
      schedule(50);
      return 0;
    }
    const t = now();
    if (t.getTime() - lastHousekeeping >= HOUSEKEEPING_MS) {
      lastHousekeeping = t.getTime();
      await housekeeping(t);
    }
    let started = 0;
    for (const url of urls) {
      if ((pausedUntil.get(url) ?? 0) > t.getTime()) continue;
      // a URL that failed last time gets one request (a probe) until one gets through
      const free = (urlFailures.has(url) ? 1 : settings.concurrency) - (inFlight.get(url) ?? 0);
      if (free <= 0) continue;
      const lease = new Date(t.getTime() + settings.timeoutMs + LEASE_MARGIN_MS);
      for (const row of await ctx.port.claimOutbox(url, t, lease, free)) {
        started++;
        inFlight.set(url, (inFlight.get(url) ?? 0) + 1);
        const p = send(row).finally(() => {
          inFlight.set(url, (inFlight.get(url) ?? 1) - 1);
          running.delete(p);
          // a slot is free: more may be due (a backlog after an outage)
          schedule(0);
        });
        running.add(p);
      }
    }
    return started;
  }

  // one pass at a time: a pass waits on the port, and two at once would both count the free slots
  let passing: Promise<number> | null = null;
  const passOnce = () => (passing ??= pass().finally(() => (passing = null)));

  function tick(): void {
    void passOnce()
      .catch((err: Error) => log.error({ err: err.message }, 'webhook outbox pass failed'))
      .finally(() => schedule(settings.pollIntervalMs));
  }

  async function send(row: OutboxRow): Promise<void> {
    const r = await deliver(
      { url: row.url, body: row.body, eventId: row.event_id, eventType: row.event_type, attempt: row.attempts },
      targets.get(row.url) ?? (() => ({})),
      settings.timeoutMs,
      stopCtl.signal,
    );
    if (!isOpen(store)) return; // the store was closed under us: the lease will expire
    const t = now();
    if (r.ok) {
      await ctx.port.markDelivered(row.id, r.status!, t);
      urlFailures.delete(row.url);
      pausedUntil.delete(row.url);
      opts.metrics?.webhookDeliveries.inc({ outcome: 'delivered' });
      return;
    }
    if (stopCtl.signal.aborted) {
      // cut by our own stop, not the endpoint's fault: due again at the next start
      await ctx.port.markRetry(row.id, null, 'interrupted by shutdown', t);
      return;
    }
    const failures = (urlFailures.get(row.url) ?? 0) + 1;
    urlFailures.set(row.url, failures);
    pausedUntil.set(row.url, t.getTime() + backoffMs(failures, settings.backoff));
    const next = t.getTime() + backoffMs(row.attempts, settings.backoff);
    const deadline = Date.parse(row.created_at) + settings.maxAgeHours * 3_600_000;
    if (next > deadline) {
      await ctx.port.markDead(row.id, r.status, `${r.error}; gave up after ${row.attempts} attempts`, t);
      opts.metrics?.webhookDeliveries.inc({ outcome: 'dead' });
      log.error({ url: row.url, event: row.event_id, attempts: row.attempts, error: r.error }, 'webhook event given up');
    } else {
      await ctx.port.markRetry(row.id, r.status, r.error ?? 'failed', new Date(next));
      opts.metrics?.webhookDeliveries.inc({ outcome: 'failed' });
      log.warn({ url: row.url, event: row.event_id, attempt: row.attempts, error: r.error, retryAt: new Date(next).toISOString() }, 'webhook delivery failed');
    }
  }

  schedule(0); // what a previous process left in the outbox
  log.info({ urls: settings.urls.length, listmonk: !!listmonk, events: settings.events }, 'webhooks started');

  return {
    kick: () => schedule(0),
    async drainOnce() {
      // joining a running pass would miss rows committed after it read the outbox
      if (passing) await passing.catch(() => 0);
      const n = await passOnce();
      await Promise.allSettled([...running]);
      return n;
    },
    stop() {
      stopped ??= (async () => {
        stopCtl.abort();
        if (timer) clearTimeout(timer);
        timer = null;
        await Promise.allSettled([...running]);
      })();
      return stopped;
    },
  };
}
