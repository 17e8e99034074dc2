// Checkpoints off the writing thread, for a bulk writer (`rebound ingest`). SQLite checkpoints after
// a commit once the WAL holds 1,000 pages: the commit then copies those pages into the database
// file and syncs both, on the thread that commits. Over 3,940 messages that was about 150 ms of
// the writer's thread, one tenth of its time. A thread of its own with its own connection does it
// instead (a PASSIVE checkpoint runs beside a writer in WAL mode), asked after each commit, while
// the writer's thread reads, hashes and writes on. When the thread cannot be had (the sources run
// without a build, an in-memory store, a thread that fails), the writer checkpoints as before.
// The WAL only starts again from its beginning when a write transaction begins with every frame
// copied, which a checkpoint running beside the writer seldom leaves it: once the WAL has grown
// past WAL_RESTART_BYTES, the writer waits for a checkpoint of all it committed (`full`, `drain`)
// before it begins again, so the WAL stays bounded however long the run.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Store } from './open.js';
import { synchronousMode } from './durability.js';
import { walFileOf } from './wal-sync.js';
import type { CheckpointThreadData } from './checkpoint-thread.js';

const SCRIPT = new URL('./checkpoint-thread.js', import.meta.url);

/** a WAL this large is copied whole before the next transaction, which then writes it from its start */
export const WAL_RESTART_BYTES = 64 * 1024 * 1024;

export interface Checkpointer {
  /** a commit was made: its pages are copied, after the checkpoint running if one is */
  committed(): void;
  /** the WAL has grown past WAL_RESTART_BYTES: `drain()` before the next transaction */
  readonly full: boolean;
  /** resolves once everything committed so far is copied (the writer holds no transaction meanwhile) */
  drain(): Promise<void>;
  /** wait for the checkpoint running, stop the thread; the writer checkpoints after its commits again */
  close(): Promise<void>;
}

const NONE: Checkpointer = { committed: () => {}, full: false, drain: async () => {}, close: async () => {} };

export interface CheckpointerOptions {
  /** the thread's script (tests give one of their own) */
  script?: URL;
  /** default WAL_RESTART_BYTES */
  walRestartBytes?: number;
}

export function startCheckpointer(store: Store, opts: CheckpointerOptions = {}): Checkpointer {
  const script = opts.script ?? SCRIPT;
  const restartBytes = opts.walRestartBytes ?? WAL_RESTART_BYTES;
  if (walFileOf(store) === null || !existsSync(fileURLToPath(script))) return NONE;
  const workerData: CheckpointThreadData = { path: store.path, synchronous: synchronousMode(store) };
  const worker = new Worker(script, { workerData });
  const autocheckpoint = store.sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
  store.sqlite.pragma('wal_autocheckpoint = 0');
  let running = false;
  let wanted = false;
  let stopped = false;
  let full = false;
  // a WAL frame: a page and its header
  const frameBytes = (store.sqlite.pragma('page_size', { simple: true }) as number) + 24;
  const waiting: Array<() => void> = [];
  const settle = () => {
    for (const f of waiting.splice(0)) f();
  };
  // the writer's own checkpoints again (once: after a failure, or at close)
  const giveBack = () => {
    if (stopped) return;
    stopped = true;
    if (store.sqlite.open) store.sqlite.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
  };
  const run = () => {
    wanted = false;
    running = true;
    worker.postMessage('checkpoint');
  };
  worker.on('message', ({ frames }: { frames: number }) => {
    running = false;
    // what the WAL held when the last checkpoint ran (its file keeps its size after it starts again)
    full = frames * frameBytes > restartBytes;
    if (wanted && !stopped) run();
    else settle();
  });
  const fail = () => {
    running = false;
    giveBack();
    settle();
  };
  worker.on('error', fail);
  worker.on('exit', fail);
  const idle = async () => {
    while (running) await new Promise<void>((resolve) => waiting.push(resolve));
  };
  return {
    committed() {
      if (stopped) return;
      if (running) wanted = true;
      else run();
    },
    get full() {
      return full && !stopped;
    },
    async drain() {
      // the one running may have begun before the last commit: one more after it
      await idle();
      if (stopped) return;
      run();
      await idle();
      full = false;
    },
    async close() {
      wanted = false;
      await idle();
      giveBack();
      await worker.terminate();
    },
  };
}
