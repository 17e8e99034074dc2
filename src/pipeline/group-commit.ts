// Group commit for listeners that may acknowledge a message only once it is durable. Messages
// handed in during one turn of the event loop (or within `windowMs`) are spooled in one SQLite
// transaction, so concurrent sessions share one fsync; each caller's promise settles after that
// commit. A commit that fails rejects every message of the batch (the caller answers 451 and the
// sender retries); one message that fails on its own (inside its savepoint) rejects only itself.
// With a WAL sync (store/wal-sync.ts) the commit does not fsync on this thread: it is made with
// synchronous=NORMAL and its callers settle once an fdatasync of the WAL started after it has
// ended. Meanwhile this thread processes, and the messages that arrive are committed together
// when that fdatasync ends (or at once past maxBatch, or when processing flushes first), then
// synced by the next one.
import type { PipelineContext } from './context.js';
import { type IngestMeta, type SpoolResult, spoolBatch } from './ingest.js';
import { withSynchronous } from '../store/durability.js';
import type { WalSync } from '../store/wal-sync.js';

export interface GroupCommitOptions {
  /** wait this long after the first message for more; 0: until the next turn of the event loop */
  windowMs?: number;
  /** commit at once when this many are waiting */
  maxBatch?: number;
  /** after each successful commit (e.g. to start processing what was spooled) */
  onCommit?: (results: SpoolResult[]) => void;
  /** make commits durable by syncing the WAL off this thread (null or absent: FULL commits) */
  walSync?: WalSync | null;
}

interface Waiting {
  raw: Uint8Array;
  meta: IngestMeta;
  resolve(r: SpoolResult): void;
  reject(e: Error): void;
}

export interface GroupCommitStats {
  commits: number;
  messages: number;
  failedCommits: number;
  largestBatch: number;
  /** fdatasyncs of the WAL that the commits waited for (0 with FULL commits: each commit syncs) */
  syncs: number;
}

export class GroupCommit {
  private queue: Waiting[] = [];
  private scheduled: NodeJS.Immediate | NodeJS.Timeout | null = null;
  private readonly windowMs: number;
  private readonly maxBatch: number;
  readonly stats: GroupCommitStats = { commits: 0, messages: 0, failedCommits: 0, largestBatch: 0, syncs: 0 };
  /** performance.now() at the end of the last commit (0: none yet) */
  lastCommitAt = 0;

  constructor(
    private readonly ctx: PipelineContext,
    private readonly opts: GroupCommitOptions = {},
  ) {
    this.windowMs = opts.windowMs ?? 0;
    this.maxBatch = Math.max(1, opts.maxBatch ?? 256);
  }

  /** Resolves once the raw message is committed and on disk, rejects if it is not. */
  spool(raw: Uint8Array, meta: IngestMeta): Promise<SpoolResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ raw, meta, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.flush();
      else this.schedule();
    });
  }

  /** Commit what is waiting now. */
  flush(): void {
    this.cancel();
    while (this.queue.length) this.commit(this.queue.splice(0, this.maxBatch));
  }

  get waiting(): number {
    return this.queue.length;
  }

  private schedule(): void {
    // while a sync runs, what arrives waits for it to end and is committed then, all together: a
    // message that came meanwhile would wait for the next sync anyway, and one commit costs less
    // than several (the end of the sync flushes, see commit)
    if (this.scheduled || this.inSync > 0) return;
    const run = () => {
      this.scheduled = null;
      this.flush();
    };
    this.scheduled = this.windowMs > 0 ? setTimeout(run, this.windowMs) : setImmediate(run);
  }

  private cancel(): void {
    if (!this.scheduled) return;
    clearTimeout(this.scheduled as NodeJS.Timeout);
    clearImmediate(this.scheduled as NodeJS.Immediate);
    this.scheduled = null;
  }

  private commit(batch: Waiting[]): void {
    const wal = this.opts.walSync;
    const { outcomes, committed } = wal ? withSynchronous(this.ctx.store, 'NORMAL', () => spoolBatch(this.ctx, batch)) : spoolBatch(this.ctx, batch);
    if (committed) this.stats.commits++;
    else this.stats.failedCommits++;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    this.lastCommitAt = performance.now();
    const ok: Array<{ w: Waiting; o: SpoolResult }> = [];
    batch.forEach((w, i) => {
      const o = outcomes[i]!;
      if (o instanceof Error) return w.reject(o);
      this.stats.messages++;
      ok.push({ w, o });
    });
    if (!ok.length) return;
    if (!wal) ok.forEach(({ w, o }) => w.resolve(o));
    else {
      this.inSync++;
      wal.sync().then(
        () => ok.forEach(({ w, o }) => w.resolve(o)),
        // committed but not known to be on disk: the sender retries, and the same bytes are a duplicate then
        (err: Error) => ok.forEach(({ w }) => w.reject(err)),
      ).finally(() => {
        this.inSync--;
        this.stats.syncs = wal.syncs;
        if (this.inSync > 0) return;
        this.settled.splice(0).forEach((f) => f());
        if (this.queue.length) this.schedule();
      });
    }
    this.opts.onCommit?.(ok.map(({ o }) => o));
  }

  /** batches committed and waiting for their sync */
  private inSync = 0;
  private settled: Array<() => void> = [];

  /** Resolves once every batch committed so far has been answered (its sync ended). */
  async idle(): Promise<void> {
    while (this.inSync > 0) await new Promise<void>((r) => this.settled.push(r));
  }
}
