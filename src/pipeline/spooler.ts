// Where a listener's messages go: committed durably (group commit), then processed in the
// background. Two ways to run it, same code: `inline` on the calling thread, or `worker` on a
// thread of its own with its own SQLite connection. The worker is the default for `serve`: a
// commit's fsync (milliseconds on most disks) then blocks the database thread, not the thread
// that talks SMTP, and messages arriving meanwhile make the next batch larger.
import type { Logger } from 'pino';
import type { Store } from '../store/open.js';
import type { ContextOptions, PipelineContext } from './context.js';
import type { IngestMeta, SpoolResult } from './ingest.js';
import type { GroupCommit, GroupCommitStats } from './group-commit.js';
import type { ProcessLoop } from './process-loop.js';
import type { ForwardLoop } from './forward-to-store.js';
import type { WebhookSettings } from '../config/webhooks.js';
import type { WrittenSummary } from '../events/wire.js';

export interface SpoolerOptions {
  dbPath: string;
  /** past this many bytes spooled and not yet processed, `spool` rejects (the listener answers 451 4.3.0) */
  maxBytes?: number;
  /** group commit: see GroupCommitOptions */
  windowMs?: number;
  maxBatch?: number;
  /** the pipeline's policy and return-path keys; `now` works inline only (a function cannot cross to a worker) */
  context?: ContextOptions;
  /** the rule files the classifier is built from (paths: they cross to the worker) */
  rules?: readonly string[];
  log?: Logger;
  /** with urls: webhook events for what this spooler's store writes are queued in the outbox */
  webhook?: WebhookSettings;
  /** events were queued (and committed): the drain loop, on the main thread, may look now */
  onQueued?: () => void;
  /** each message processed, as plain data (metrics count it on the main thread) */
  onWritten?: (w: WrittenSummary) => void;
  /**
   * the shared PostgreSQL store (`store.url`): spooled messages are processed into it
   * (forward-to-store.ts), not into the local SQLite, which is then this host's spool only
   */
  storeUrl?: string;
}

export interface SpoolerStats extends GroupCommitStats {
  /** messages processed by the background loop */
  processed: number;
  /** bytes spooled and not yet processed (the backlog) */
  backlogBytes: number;
}

export interface Spooler {
  readonly mode: 'inline' | 'worker';
  /** Resolves once the message is committed with synchronous=FULL; rejects if it is not. */
  spool(raw: Uint8Array, meta: IngestMeta): Promise<SpoolResult>;
  stats(): Promise<SpoolerStats>;
  /** commit what is waiting, stop processing (the rest stays pending), close the store */
  close(): Promise<void>;
  /** called once if the spooler dies (a worker that exits); every spool after that rejects */
  onFatal(fn: (err: Error) => void): void;
  /** read the rule files again; rejects (and keeps the rules in use) when one is bad */
  reloadRules(): Promise<void>;
}

export interface InlineSpooler extends Spooler {
  readonly mode: 'inline';
  readonly store: Store;
  readonly ctx: PipelineContext;
  readonly commits: GroupCommit;
  /** into this store (ProcessLoop), or into the shared store (ForwardLoop) */
  readonly processing: ProcessLoop | ForwardLoop;
}
