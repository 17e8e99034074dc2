// Durability of a WAL commit without blocking the thread on its fsync. A commit with
// synchronous=NORMAL writes its frames to the -wal file without syncing it; an fdatasync of that
// file afterwards makes them as durable as a FULL commit would (recovery replays every committed
// frame the WAL holds; a checkpoint, the only thing that lets SQLite reuse the WAL, syncs the
// database file first). The fdatasync runs on libuv's thread pool, so this thread goes on with
// other work meanwhile, and one fdatasync covers every commit made before it started: the commits
// of all the sessions waiting share it.
import { closeSync, fdatasync, fsyncSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Store } from './open.js';

export interface WalSync {
  /** Resolves once everything committed before the call is on disk; rejects if the sync failed. */
  sync(): Promise<void>;
  /** fdatasyncs run so far */
  readonly syncs: number;
  /** wait for the syncs in flight, then let go of the file */
  close(): Promise<void>;
}

interface Waiter {
  resolve(): void;
  reject(err: Error): void;
}

/** The store's WAL, to sync; null when there is none to sync (in memory, or not in WAL mode). */
export function openWalSync(store: Store): WalSync | null {
  if (store.path === ':memory:' || store.path === '') return null;
  const mode = store.sqlite.pragma('journal_mode', { simple: true });
  if (String(mode).toLowerCase() !== 'wal') return null;
  // the WAL is there once the connection has read or written in WAL mode
  store.sqlite.prepare('select 1').get();
  let fd: number;
  try {
    fd = openSync(`${store.path}-wal`, 'r');
  } catch {
    return null;
  }
  // its name in the directory must be durable too (SQLite does not sync the directory for a WAL)
  try {
    const dir = openSync(dirname(store.path), 'r');
    try {
      fsyncSync(dir); // once, at opening
    } finally {
      closeSync(dir);
    }
  } catch {
    /* a directory that cannot be opened for reading: the file's own sync is what there is */
  }
  return new FileSync(fd);
}

class FileSync implements WalSync {
  /** waiting for a sync that has not started yet */
  private queued: Waiter[] = [];
  private running = false;
  private closed: Promise<void> | null = null;
  private idle: Array<() => void> = [];
  syncs = 0;

  constructor(private readonly fd: number) {}

  sync(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the WAL sync is closed'));
    return new Promise((resolve, reject) => {
      this.queued.push({ resolve, reject });
      // a sync in flight may have started before this commit: the next one, once it ends, covers it
      if (!this.running) this.start();
    });
  }

  private start(): void {
    const batch = this.queued;
    this.queued = [];
    this.running = true;
    this.syncs++;
    fdatasync(this.fd, (err) => {
      this.running = false;
      const e = err ? new Error(`fdatasync of the WAL failed: ${err.message}`) : null;
      for (const w of batch) e ? w.reject(e) : w.resolve();
      if (this.queued.length) this.start();
      else for (const f of this.idle.splice(0)) f();
    });
  }

  close(): Promise<void> {
    return (this.closed ??= (async () => {
      while (this.running || this.queued.length) await new Promise<void>((r) => this.idle.push(r));
      closeSync(this.fd);
    })());
  }
}

/** The store's WAL file, when it writes one (null: in memory, or not in WAL mode). */
export function walFileOf(store: Store): string | null {
  if (store.path === ':memory:' || store.path === '') return null;
  return String(store.sqlite.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal' ? `${store.path}-wal` : null;
}

/**
 * One fdatasync of a WAL file, off this thread, on a descriptor of its own (opened and closed here,
 * so nothing outlives the call). For a writer that commits now and then (a poller's group of
 * messages) rather than all the time, as the listener does with openWalSync.
 */
export async function syncWalFile(wal: string): Promise<void> {
  const file = await open(wal, 'r');
  try {
    await file.datasync();
  } catch (err) {
    throw new Error(`fdatasync of the WAL failed: ${(err as Error).message}`);
  } finally {
    await file.close();
  }
}
