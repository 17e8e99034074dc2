// How much disk the database takes: its pages plus the write-ahead log not yet checkpointed.
import { statSync } from 'node:fs';
import type { Store } from './open.js';

export function databaseBytes(store: Store): number {
  const pages = store.sqlite.pragma('page_count', { simple: true }) as number;
  const size = store.sqlite.pragma('page_size', { simple: true }) as number;
  return pages * size + fileSize(`${store.path}-wal`);
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // no WAL file (in memory, or checkpointed and removed)
  }
}
