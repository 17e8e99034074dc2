// The spooler on the calling thread: the store, its group commit and the background process loop.
// Also what the spool worker runs on its own thread.
import { openStore } from '../store/open.js';
import { reloadRules } from './reload-rules.js';
import { CHECKPOINT_AT_LEAST_MS, CHECKPOINT_EVERY_MS, checkpoint, disableAutoCheckpoint, setCacheSize } from '../store/durability.js';
import { GroupCommit } from './group-commit.js';
import { openWalSync } from '../store/wal-sync.js';
import { bytesOf, pendingBytes } from '../store/messages.js';
import { ProcessLoop } from './process-loop.js';
import type { InlineSpooler, SpoolerOptions } from './spooler.js';
import { wireStoreObservers } from '../events/wire.js';
import { pipelineContext } from './context.js';
import { createParsePool } from './parse-pool.js';
import type { ProcessResult } from './ingest.js';
import { ForwardLoop } from './forward-to-store.js';
import { openPgStore } from '../store/pg/open.js';
import { pgPortOf } from '../store/pg/context-port.js';

export async function openInlineSpooler(opts: SpoolerOptions): Promise<InlineSpooler> {
  // FULL: a commit is on disk when it returns (the spool's commits use the WAL sync below instead)
  const store = await openStore(opts.dbPath, { rules: opts.rules, synchronous: 'FULL' });
  // a smaller page cache than better-sqlite3's 16 MB: the spool appends, processing reads recent rows
  setCacheSize(store, 8 * 1024);
  // observers belong to this handle: the outbox rows and the counts of what it writes
  const onWritten = opts.onWritten;
  const wiring = { webhook: opts.webhook, onQueued: opts.onQueued, counts: onWritten && { recordWritten: onWritten } };
  // with a shared store, what this handle's port writes goes there, and the observers with it
  const shared = opts.storeUrl ? openPgStore(opts.storeUrl, { max: 2 }) : null;
  const unwire = shared ? () => {} : wireStoreObservers(store, wiring);
  const ctx = pipelineContext(store, opts.context, shared ? pgPortOf(shared, wiring) : undefined);
  // spooling comes first: a message waiting for its commit never waits behind a processing slice
  // the backlog: bytes spooled and not processed; past maxBytes a new message is refused (451)
  let backlog = pendingBytes(store);
  let full = false;
  const onProcessed = (results: ProcessResult[]) => {
    backlog = Math.max(0, backlog - bytesOf(store, results.map((r) => r.messageId)));
    if (full && backlog < (opts.maxBytes ?? Infinity) * 0.9) {
      full = false;
      opts.log?.info({ backlogBytes: backlog }, 'the spool takes messages again');
    }
  };
  // parsing on a thread of its own: this thread only reads and writes, and a commit the listener
  // waits for never waits behind a parse (without the compiled worker, as in tests: parsed here).
  // A shared store's forwarder too: it writes the bytes after the parse, so they are copied to the thread.
  const parser = createParsePool(opts.parseThreads ?? 1, {
    get classifier() {
      return store.classifier; // replaced on reload
    },
  }, { resourceLimits: { maxYoungGenerationSizeMb: 8 } }); // as the spool worker: small short-lived garbage, less resident memory
  const processing = shared
    ? new ForwardLoop(ctx, ctx.port, {
        log: opts.log,
        parse: (inputs) => parser.parseAll(inputs),
        onProcessed,
        beforeSlice: () => commits.flush(),
        busy: () => busy(),
      })
    : new ProcessLoop(ctx, {
        log: opts.log,
        parse: parser.size > 0 ? (inputs) => parser.parseAll(inputs) : undefined,
        onProcessed,
        beforeSlice: () => commits.flush(),
        busy: () => busy(),
      });
  // the spool's commits are synced off this thread: the fsync a 250 waits for is shared by every
  // batch committed while the one before it ran, and processing goes on meanwhile
  const walSync = openWalSync(store);
  const commits = new GroupCommit(ctx, { windowMs: opts.windowMs, maxBatch: opts.maxBatch, walSync, onCommit: () => processing.kick() });
  // sessions are sending: a commit within the last 20 ms
  const busy = () => commits.lastCommitAt > 0 && performance.now() - commits.lastCommitAt < 20;
  // WAL checkpoints copy pages into the database file and fsync it: done inside a commit they
  // would hold up the messages of that batch. So not after a commit, but when sessions are quiet
  // (or, under a load that never stops, every CHECKPOINT_AT_LEAST_MS: the WAL stays bounded).
  disableAutoCheckpoint(store);
  let lastCheckpoint = performance.now();
  const checkpoints = setInterval(() => {
    if (busy() && performance.now() - lastCheckpoint < CHECKPOINT_AT_LEAST_MS) return;
    checkpoint(store);
    lastCheckpoint = performance.now();
  }, CHECKPOINT_EVERY_MS);
  checkpoints.unref();
  // what a previous process spooled but did not process
  processing.kick();
  let closed: Promise<void> | undefined;
  return {
    mode: 'inline',
    store,
    ctx,
    commits,
    processing,
    spool: (raw, meta) => {
      const size = raw.byteLength;
      if (opts.maxBytes && backlog + size > opts.maxBytes) {
        if (!full) opts.log?.error({ backlogBytes: backlog, maxBytes: opts.maxBytes }, 'the spool is full: new messages are refused (451) until processing catches up');
        full = true;
        return Promise.reject(new Error(`the spool is full (${backlog} bytes waiting to be processed, spool.maxBytes ${opts.maxBytes})`));
      }
      backlog += size; // reserved now, so messages committed together cannot overshoot
      return commits.spool(raw, meta).then(
        (r) => {
          if (r.duplicate) backlog -= size;
          return r;
        },
        (err: Error) => {
          backlog -= size;
          throw err;
        },
      );
    },
    stats: async () => ({ ...commits.stats, processed: processing.processed, backlogBytes: backlog }),
    close: () =>
      (closed ??= (async () => {
        commits.flush();
        await commits.idle();
        await walSync?.close();
        await processing.stop();
        clearInterval(checkpoints);
        await parser.close();
        unwire();
        await shared?.close();
        await store.close();
      })()),
    onFatal: () => {},
    reloadRules: async () => {
      reloadRules(store); // throws on a bad file: the parser keeps the rules in use too
      parser.reload();
    },
  };
}
