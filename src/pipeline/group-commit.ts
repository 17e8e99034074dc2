// Group commit for listeners that may acknowledge a message only once it is durable. Messages
// handed in during one turn of the event loop (or within `windowMs`) are spooled in one SQLite
// transaction, so concurrent sessions share one fsync; each caller's promise settles after that
// commit. A commit that fails rejects every message of the batch (the caller answers 451 and the
// sender retries); one message that fails on its own (inside its savepoint) rejects only itself.
import type { PipelineContext } from './context.js';
import { type IngestMeta, type SpoolResult, spoolBatch } from './ingest.js';

export interface GroupCommitOptions {
  /** wait this long after the first message for more; 0: until the next turn of the event loop */
  windowMs?: number;
  /** commit at once when this many are waiting */
  maxBatch?: number;
  /** after each successful commit (e.g. to start processing what was spooled) */
  onCommit?: (results: SpoolResult[]) => void;
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
}

export class GroupCommit {
  private queue: Waiting[] = [];
  private scheduled: NodeJS.Immediate | NodeJS.Timeout | null = null;
  private readonly windowMs: number;
  private readonly maxBatch: number;
  readonly stats: GroupCommitStats = { commits: 0, messages: 0, failedCommits: 0, largestBatch: 0 };
  /** performance.now() at the end of the last commit (0: none yet) */
  lastCommitAt = 0;

  constructor(
    private readonly ctx: PipelineContext,
    private readonly opts: GroupCommitOptions = {},
  ) {
    this.windowMs = opts.windowMs ?? 0;
    this.maxBatch = Math.max(1, opts.maxBatch ?? 256);
  }

  /** Resolves once the raw message is committed (synchronous=FULL: on disk), rejects if it is not. */
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
    if (this.scheduled) return;
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
    const { outcomes, committed } = spoolBatch(this.ctx, batch);
    if (committed) this.stats.commits++;
    else this.stats.failedCommits++;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    this.lastCommitAt = performance.now();
    const ok: SpoolResult[] = [];
    batch.forEach((w, i) => {
      const o = outcomes[i]!;
      if (o instanceof Error) return w.reject(o);
      this.stats.messages++;
      ok.push(o);
      w.resolve(o);
    });
    if (ok.length) this.opts.onCommit?.(ok);
  }
}
