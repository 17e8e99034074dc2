// The spooler on the calling thread: the store, its group commit and the background process loop.
// Also what the spool worker runs on its own thread.
import { openStore } from '../store/open.js';
import { CHECKPOINT_AT_LEAST_MS, CHECKPOINT_EVERY_MS, checkpoint, disableAutoCheckpoint, setCacheSize } from '../store/durability.js';
import { GroupCommit } from './group-commit.js';
import { ProcessLoop } from './process-loop.js';
import type { InlineSpooler, SpoolerOptions } from './spooler.js';
import { wireStoreObservers } from '../events/wire.js';
import { pipelineContext } from './context.js';

export async function openInlineSpooler(opts: SpoolerOptions): Promise<InlineSpooler> {
  // FULL: a spool commit is on disk before its 250
  const store = await openStore(opts.dbPath, { synchronous: 'FULL' });
  const ctx = pipelineContext(store, opts.context);
  // a smaller page cache than better-sqlite3's 16 MB: the spool appends, processing reads recent rows
  setCacheSize(store, 8 * 1024);
  // observers belong to this handle: the outbox rows and the counts of what it writes
  const onWritten = opts.onWritten;
  const unwire = wireStoreObservers(store, { webhook: opts.webhook, onQueued: opts.onQueued, counts: onWritten && { recordWritten: onWritten } });
  // spooling comes first: a message waiting for its commit never waits behind a processing slice
  const processing = new ProcessLoop(ctx, {
    log: opts.log,
    beforeSlice: () => commits.flush(),
    busy: () => busy(),
  });
  const commits = new GroupCommit(ctx, { windowMs: opts.windowMs, maxBatch: opts.maxBatch, onCommit: () => processing.kick() });
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
    spool: (raw, meta) => commits.spool(raw, meta),
    stats: async () => ({ ...commits.stats, processed: processing.processed }),
    close: () =>
      (closed ??= (async () => {
        commits.flush();
        processing.stop();
        clearInterval(checkpoints);
        unwire();
        await store.close();
      })()),
    onFatal: () => {},
  };
}
