// Settings of a long-running writer's connection. Durability per commit: a listener opens the store with synchronous=FULL, so
// every spool commit is on disk before its 250; work that can be redone (processing spooled
// messages: they stay `pending` until it commits) runs with NORMAL, skipping the fsync. In WAL
// mode the next FULL commit's fsync also covers those earlier NORMAL commits.
import type SQLite from 'better-sqlite3';
import type { Store, SyncMode } from './open.js';

/** the pragma statements of a connection, prepared once (a processing slice reads and switches the mode) */
const pragmas = new WeakMap<Store['sqlite'], Map<string, SQLite.Statement<unknown[]>>>();

function pragma(store: Store, text: string): SQLite.Statement<unknown[]> {
  let m = pragmas.get(store.sqlite);
  if (!m) pragmas.set(store.sqlite, (m = new Map()));
  let st = m.get(text);
  if (!st) m.set(text, (st = store.sqlite.prepare<unknown[]>(`pragma ${text}`)));
  return st;
}

export function synchronousMode(store: Store): SyncMode | 'OFF' | 'EXTRA' {
  const n = (pragma(store, 'synchronous').get() as { synchronous: number }).synchronous;
  return (['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const)[n] ?? 'FULL';
}

function setSynchronous(store: Store, mode: string): void {
  pragma(store, `synchronous = ${mode}`).run();
}

/** Run `fn` (which holds no transaction across the call) with another synchronous mode. */
export function withSynchronous<T>(store: Store, mode: SyncMode, fn: () => T): T {
  const before = synchronousMode(store);
  if (before === mode) return fn();
  setSynchronous(store, mode);
  try {
    return fn();
  } finally {
    setSynchronous(store, before);
  }
}

/** The connection's page cache, in KiB. */
export function setCacheSize(store: Store, kib: number): void {
  store.sqlite.pragma(`cache_size = ${-Math.round(kib)}`);
}

export const CHECKPOINT_EVERY_MS = 1_000;
/** under a load that never stops, a checkpoint at least this often, so the WAL stays bounded */
export const CHECKPOINT_AT_LEAST_MS = 30_000;

/** Copy what the WAL holds into the database file, without waiting for readers or writers. */
export function checkpoint(store: Store): void {
  store.sqlite.pragma('wal_checkpoint(PASSIVE)');
}

/** No checkpoint after commits: the caller checkpoints when sessions are quiet (`checkpoint`). */
export function disableAutoCheckpoint(store: Store): void {
  store.sqlite.pragma('wal_autocheckpoint = 0');
}
