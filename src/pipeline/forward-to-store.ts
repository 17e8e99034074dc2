// The per-host processor when the store is a shared PostgreSQL: what this host's listener spooled
// (committed in its local SQLite spool, then acknowledged) is claimed oldest first, written into
// PostgreSQL with its records and policy (one PostgreSQL transaction a slice, idempotent by SHA-256
// across hosts), and only then marked done in the local spool. While PostgreSQL is down or slow the
// slices fail or wait, the local spool grows (past spool.maxBytes the listener answers 451), the
// failures are logged with the backlog, and the spool drains once PostgreSQL answers again. A
// crash between the PostgreSQL commit and the local mark writes the slice again: a duplicate there,
// nothing twice.
import type { Logger } from 'pino';
import type { PipelineContext } from './context.js';
import type { ProcessResult } from './ingest.js';
import { metaOfRow } from './ingest.js';
import { parserVersion } from './parser-version.js';
import type { StorePort } from '../store/port.js';
import { getMessage, getRawInput, markProcessed, pendingBytes, pendingMessageIds } from '../store/messages.js';
import { transaction } from '../store/sync.js';

export interface ForwardOptions {
  /** messages per PostgreSQL transaction */
  sliceSize?: number;
  log?: Logger;
  /** before each slice: e.g. commit what the listener is waiting for, which comes first */
  beforeSlice?: () => void;
  /** after each slice written: the local messages done (their ids in the local spool) */
  onProcessed?: (results: ProcessResult[]) => void;
}

/** waits after failed slices: the database is down, restarting or refusing */
const RETRY_MS = [500, 1_000, 2_000, 5_000, 10_000];

export class ForwardLoop {
  private pending: NodeJS.Immediate | NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  /** a kick came while a slice was in hand: what it announced may not be in that slice */
  private kickedWhileRunning = false;
  private failures = 0;
  private readonly sliceSize: number;
  processed = 0;

  /** `local`: the host's spool; `target`: the shared store's port */
  constructor(
    private readonly local: PipelineContext,
    private readonly target: StorePort,
    private readonly opts: ForwardOptions = {},
  ) {
    this.sliceSize = Math.max(1, opts.sliceSize ?? 64);
  }

  /** Make sure a run follows soon (after a commit; at start for what is left pending). */
  kick(): void {
    if (this.stopped || this.pending) return;
    // a commit during a slice: its messages may have been read before it, so run once more after
    if (this.running) {
      this.kickedWhileRunning = true;
      return;
    }
    this.pending = setImmediate(() => this.run());
  }

  /** No more runs; waits for the slice in hand. What is left stays pending for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pending) {
      clearTimeout(this.pending as NodeJS.Timeout);
      clearImmediate(this.pending as NodeJS.Immediate);
      this.pending = null;
    }
    await this.running;
  }

  /** Forward everything pending now (tests, and a last pass); rejects when the store refuses. */
  async drain(): Promise<number> {
    let n = 0;
    for (let done = await this.slice(); done > 0; done = await this.slice()) n += done;
    return n;
  }

  private run(): void {
    this.pending = null;
    if (this.stopped) return;
    this.kickedWhileRunning = false;
    this.running = (async () => {
      let done = 0;
      try {
        this.opts.beforeSlice?.();
        done = await this.slice();
        if (this.failures > 0) this.opts.log?.info({ backlogBytes: pendingBytes(this.local.store) }, 'the shared store answers again: forwarding the spool');
        this.failures = 0;
      } catch (err) {
        // the shared store is down or refuses: the messages stay pending here, and are tried again
        const wait = RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)]!;
        this.opts.log?.error(
          { err: (err as Error).message, retryInMs: wait, backlogBytes: this.local.store.sqlite.open ? pendingBytes(this.local.store) : null },
          'forwarding spooled messages to the shared store failed: they stay in the local spool',
        );
        if (!this.stopped) {
          this.pending = setTimeout(() => this.run(), wait);
          this.pending.unref();
        }
        return;
      } finally {
        this.running = null;
      }
      if ((done >= this.sliceSize || this.kickedWhileRunning) && !this.stopped) this.kick();
    })();
  }

  /** One slice: read from the local spool, write to the shared store, mark done here. */
  private async slice(): Promise<number> {
    const store = this.local.store;
    const items = pendingMessageIds(store, this.sliceSize).flatMap((id) => {
      const row = getMessage(store, id);
      const input = getRawInput(store, id);
      return row && input ? [{ id, raw: input.raw, meta: metaOfRow(row) }] : [];
    });
    if (items.length === 0) return 0;
    const written = await this.target.ingestGroup(items.map((i) => ({ raw: i.raw, meta: i.meta })));
    if (this.stopped && !store.sqlite.open) return 0; // closed under us: written there, marked at the next start
    const at = this.local.now().toISOString();
    const version = parserVersion(store.classifier);
    // what the shared store holds for each (for a duplicate: what the first host made of it)
    const results: ProcessResult[] = items.map((item, i) => {
      const w = written[i]!;
      const status = w.storedStatus === 'failed' ? 'failed' : 'parsed';
      return { messageId: item.id, status, kind: (w.storedKind ?? 'not-bounce') as ProcessResult['kind'], records: w.records, suppressed: w.suppressed, outcomes: {}, problems: w.problems };
    });
    transaction(store, () => {
      for (const r of results) {
        markProcessed(store, r.messageId, {
          status: r.status,
          parser_version: version,
          processed_at: at,
          kind: r.kind,
          format: null,
          reporting_mta: null,
          message_id: null,
          subject: null,
          feedback_type: null,
          problems: JSON.stringify(r.problems),
        });
      }
    });
    this.processed += results.length;
    this.opts.onProcessed?.(results);
    return results.length;
  }
}
