// The write-ahead log's size, counted with the database's pages in its size on disk.
import { statSync } from 'node:fs';

/** The size of the database's WAL file; 0 when there is none. */
export function walBytes(dbPath: string): number {
  try {
    return statSync(`${dbPath}-wal`).size;
  } catch {
    return 0;
  }
}
