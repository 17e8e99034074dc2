// The long-running pollers: one loop per mailbox, so a mailbox that keeps failing never holds up
// the others. Each loop connects, deals with every new message, then waits in IDLE (when the
// server has it and the mailbox allows it) or on a timer, and looks again. Any network or server
// error closes the connection; the loop reconnects after an exponential backoff with full jitter.
// With a lease (several hosts sharing the store: src/cluster/lease.ts), a loop connects only while
// its host holds the mailbox's lease, and drops the connection (finishing the batch in hand) when
// the lease goes to another host; it waits on standby until it can take the lease.
// The loops share one parse thread (parse-ahead.ts), started with them and closed once they stop.
import type { ExistsEvent, ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import type { MailboxConfig } from '../../config/imap.js';
import { log as defaultLog } from '../../log.js';
import type { PipelineContext } from '../../pipeline/context.js';
import type { ParsePool } from '../../pipeline/parse-pool.js';
import { type BackoffOptions, backoffDelay } from './backoff.js';
import { closeConnection, openConnection } from './connection.js';
import { addCounts, drain } from './drain.js';
import { describeError } from './errors.js';
import { pollerParsePool } from './parse-ahead.js';
import { type MailboxStatus, newStatus } from './status.js';
import { warnInsecure } from './tls.js';
import { stateKey } from './client.js';
import type { LeaseKeeper } from '../../cluster/lease.js';

export interface PollerOptions {
  logger?: Logger;
  backoff?: BackoffOptions;
  /** consecutive failures after which a mailbox is logged as an error, not a warning (default 5) */
  failingAfter?: number;
  /** how long `stop()` lets a batch in hand finish before closing the connection (default 15 s) */
  stopTimeoutMs?: number;
  /** a connection or pass failed (for metrics; it is logged and retried anyway) */
  onError?: (mailbox: string, error: string) => void;
  /** the lease of a mailbox, by its state key: polled only while this host holds it; default: always polled */
  lease?: (mailboxKey: string) => LeaseKeeper;
  /** the parse threads (closed by the caller); default: one of the pollers' own, closed by stop() */
  parser?: ParsePool;
}

export interface Pollers {
  /** finish the batch in hand, log out, and end every loop */
  stop(): Promise<void>;
  /** a copy of each mailbox's status, in configuration order */
  status(): MailboxStatus[];
  /** the store's classifier was replaced (its rule files read again): the parse thread takes its rules too */
  reloadRules(): void;
}

export function startPollers(ctx: PipelineContext, mailboxes: readonly MailboxConfig[], opts: PollerOptions = {}): Pollers {
  // a long-running thread: a small young generation, as the spool worker's, keeps its memory low
  const parser = opts.parser ?? pollerParsePool(ctx, { maxYoungGenerationSizeMb: 8 });
  const loops = mailboxes.map((cfg) => new MailboxLoop(ctx, cfg, opts, parser));
  for (const l of loops) l.start();
  let stopped: Promise<void> | undefined;
  return {
    stop() {
      return (stopped ??= (async () => {
        await Promise.all(loops.map((l) => l.stop()));
        // after the batches in hand: nothing is parsed any more
        if (!opts.parser) await parser.close();
      })());
    },
    reloadRules: () => parser.reload(),
    status() {
      return loops.map((l) => structuredClone(l.status));
    },
  };
}

class MailboxLoop {
  readonly status: MailboxStatus;
  private readonly log: Logger;
  private stopped = false;
  /** ends a token command still running when stop() is called */
  private readonly stopping = new AbortController();
  private done: Promise<void> = Promise.resolve();
  private client: ImapFlow | null = null;
  /** an EXISTS that grew the mailbox arrived since the last look */
  private news = false;
  /** the current connection has closed */
  private lost = false;
  /** ends the current wait (IDLE, poll timer or backoff) early */
  private wake: (() => void) | null = null;
  /** null: no leases, always this host's */
  private readonly lease: LeaseKeeper | null;

  constructor(
    private readonly ctx: PipelineContext,
    private readonly cfg: MailboxConfig,
    private readonly opts: PollerOptions,
    private readonly parser: ParsePool,
  ) {
    this.status = newStatus(cfg.name);
    this.log = (opts.logger ?? defaultLog).child({ mailbox: cfg.name });
    warnInsecure(cfg, this.log);
    this.lease = opts.lease?.(stateKey(cfg)) ?? null;
    this.lease?.onChange(() => {
      this.updateLeaseStatus();
      this.wake?.();
    });
  }

  /** this host may poll the mailbox now */
  private holding(): boolean {
    return !this.lease || this.lease.held;
  }

  private updateLeaseStatus(): void {
    if (!this.lease) return;
    this.status.standby = !this.lease.held;
    this.status.leaseHolder = this.lease.holder;
  }

  start(): void {
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    this.wake?.();
    const timer = setTimeout(() => this.client?.close(), this.opts.stopTimeoutMs ?? 15_000);
    await this.done;
    clearTimeout(timer);
    // after the batch in hand: the next host takes the mailbox at once, not after the expiry
    await this.lease?.release();
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      if (!this.holding()) {
        // the keeper's first attempt may still be on its way
        await this.lease?.attempt();
        if (this.holding()) continue;
        // another host polls it: wait until the lease comes to this one (or the stop)
        this.updateLeaseStatus();
        this.log.info({ holder: this.lease?.holder ?? null }, 'imap mailbox polled by another host: standing by');
        while (!this.stopped && !this.holding()) await this.sleep(60_000, () => this.holding());
        this.updateLeaseStatus();
        continue;
      }
      let failed = false;
      let client: ImapFlow | null = null;
      try {
        client = await openConnection(this.cfg, this.log, { onClient: (c) => this.watch(c), signal: this.stopping.signal });
        if (this.stopped) break;
        this.status.connected = true;
        this.status.totals.connects++;
        this.log.info({ idle: this.cfg.idle && client.capabilities.has('IDLE'), tls: client.secureConnection }, 'imap connected');
        while (!this.stopped && this.holding()) {
          await this.pass(client);
          attempt = 0;
          if (this.stopped || !this.holding()) break;
          await this.waitForNews(client);
        }
      } catch (err) {
        if (this.stopped) break;
        failed = true;
        this.recordFailure(err);
      } finally {
        this.status.connected = false;
        this.status.idling = false;
        this.client = null;
        if (client) await closeConnection(client);
      }
      if (failed && !this.stopped) {
        const delay = backoffDelay(attempt++, this.opts.backoff);
        this.log.debug({ delayMs: delay }, 'imap reconnecting after a pause');
        await this.sleep(delay);
      }
    }
  }

  /** Follow a new connection's events (those of a connection given up must not wake the next wait). */
  private watch(client: ImapFlow): void {
    this.client = client;
    this.lost = false;
    this.news = false;
    client.once('close', () => {
      if (this.client !== client) return;
      this.lost = true;
      this.wake?.();
    });
    client.on('exists', (e: ExistsEvent) => {
      if (this.client === client && e.count > e.prevCount) {
        this.news = true;
        this.wake?.();
      }
    });
  }

  /** One complete pass over the mailbox. */
  private async pass(client: ImapFlow): Promise<void> {
    this.news = false;
    const t = this.status.totals;
    const r = await drain(client, this.ctx, this.cfg, this.log, {
      onLag: (lag) => (this.status.lag = lag),
      onBatch: (b) => addCounts(t, b),
      shouldStop: () => this.stopped || !this.holding(),
    }, this.parser);
    this.status.lastSuccessAt = new Date().toISOString();
    this.status.consecutiveFailures = 0;
    if (r.messages || r.oversize) {
      const { messages, new: fresh, duplicates, acted, left, oversize, lastUid } = r;
      this.log.info({ messages, new: fresh, duplicates, acted, left, oversize, lastUid }, 'imap messages ingested');
    }
  }

  /** Until the mailbox grows (EXISTS during IDLE), the poll interval passes, the connection ends or stop(). */
  private async waitForNews(client: ImapFlow): Promise<void> {
    if (!this.news && !this.lost) {
      const idle = this.cfg.idle && client.capabilities.has('IDLE');
      if (idle) {
        this.status.idling = true;
        // IDLE ends by itself when the next command (the next pass, or LOGOUT) is sent
        client.idle().catch((err: Error) => this.log.debug({ err: err.message }, 'imap IDLE ended with an error'));
      }
      await this.sleep(this.cfg.pollIntervalMs, () => this.news || this.lost || !this.holding());
      this.status.idling = false;
    }
    if (!this.holding()) return;
    if (this.lost || !client.usable) throw new Error('connection to the IMAP server lost');
  }

  private recordFailure(err: unknown): void {
    const message = describeError(err);
    const s = this.status;
    s.lastError = message;
    s.lastErrorAt = new Date().toISOString();
    s.consecutiveFailures++;
    s.totals.failures++;
    this.opts.onError?.(this.cfg.name, message);
    const failing = s.consecutiveFailures >= (this.opts.failingAfter ?? 5);
    const fields = { err: message, consecutiveFailures: s.consecutiveFailures };
    if (failing) this.log.error(fields, 'imap mailbox keeps failing');
    else this.log.warn(fields, 'imap mailbox failed; reconnecting');
  }

  /** Wait `ms`, or less when woken (stop, news, connection lost); `already` is checked once the waker is in place. */
  private sleep(ms: number, already: () => boolean = () => false): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      this.wake = done;
      if (already() || this.stopped) done();
      function done() {
        clearTimeout(timer);
        if (self.wake === done) self.wake = null;
        resolve();
      }
    });
  }
}
