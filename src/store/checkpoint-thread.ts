// The checkpointer's thread (checkpointer.ts): a connection of its own to the writer's database,
// which copies the WAL into the database file when asked, while the writer goes on committing.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

export interface CheckpointThreadData {
  path: string;
  /** the writer's: a checkpoint syncs the WAL before it and the database file after it unless OFF */
  synchronous: string;
}

const { path, synchronous } = workerData as CheckpointThreadData;
const db = new SQLite(path, { fileMustExist: true });
db.pragma(`synchronous = ${synchronous}`);
// PASSIVE: as many frames as no reader still needs, without waiting for readers or the writer
const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');

parentPort!.on('message', () => {
  // the frames the WAL holds since it last started from its beginning, all of them copied unless busy
  const { log } = checkpoint.get() as { busy: number; log: number; checkpointed: number };
  parentPort!.postMessage({ frames: log });
});
