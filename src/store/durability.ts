// Settings of a long-running writer's connection. Durability per commit: a listener opens the store with synchronous=FULL, so
// every spool commit is on disk before its 250; work that can be redone (processing spooled
// messages: they stay `pending` until it commits) runs with NORMAL, skipping the fsync. In WAL
// mode the next FULL commit's fsync also covers those earlier NORMAL commits.
import type { Store, SyncMode } from './open.js';

export function synchronousMode(store: Store): SyncMode | 'OFF' | 'EXTRA' {
  const n = store.sqlite.pragma('synchronous', { simple: true }) as number;
  return (['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const)[n] ?? 'FULL';
}

/** Run `fn` (which holds no transaction across the call) with another synchronous mode. */
export function withSynchronous<T>(store: Store, mode: SyncMode, fn: () => T): T {
  const before = synchronousMode(store);
  if (before === mode) return fn();
  store.sqlite.pragma(`synchronous = ${mode}`);
  try {
    return fn();
  } finally {
    store.sqlite.pragma(`synchronous = ${before}`);
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
