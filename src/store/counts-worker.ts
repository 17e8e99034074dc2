// The worker thread behind createCountReader: its own read-only connection to the database file.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { countOn } from './counts.js';

const path = (workerData as { path: string }).path;
let db: SQLite.Database | null = null;

parentPort?.on('message', (m: { id: number; at: string }) => {
  try {
    db ??= new SQLite(path, { readonly: true, fileMustExist: true });
    parentPort!.postMessage({ id: m.id, counts: countOn(db, path, m.at) });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: (err as Error).message });
  }
});
