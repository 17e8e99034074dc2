// The spooler on the calling thread: the store, its group commit and the background process loop.
// Also what the spool worker runs on its own thread.
import { openStore } from '../store/open.js';
import { GroupCommit } from './group-commit.js';
import { ProcessLoop } from './process-loop.js';
import type { InlineSpooler, SpoolerOptions } from './spooler.js';

export async function openInlineSpooler(opts: SpoolerOptions): Promise<InlineSpooler> {
  // FULL: a spool commit is on disk before its 250
  const store = await openStore(opts.dbPath, { ...opts.store, synchronous: 'FULL' });
  const processing = new ProcessLoop(store, { log: opts.log });
  const commits = new GroupCommit(store, { windowMs: opts.windowMs, maxBatch: opts.maxBatch, onCommit: () => processing.kick() });
  // what a previous process spooled but did not process
  processing.kick();
  let closed: Promise<void> | undefined;
  return {
    mode: 'inline',
    store,
    commits,
    processing,
    spool: (raw, meta) => commits.spool(raw, meta),
    stats: async () => ({ ...commits.stats, processed: processing.processed }),
    close: () =>
      (closed ??= (async () => {
        commits.flush();
        processing.stop();
        await store.close();
      })()),
    onFatal: () => {},
  };
}
