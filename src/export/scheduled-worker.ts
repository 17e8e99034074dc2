// The worker thread behind the scheduled exports: its own connection to the database file (it only
// reads), so that generating a file of a million rows never holds up the event loop that serves
// SMTP and the API.
import { parentPort, workerData } from 'node:worker_threads';
import { openStore, type Store } from '../store/open.js';
import type { ExportFileSettings } from '../config/export.js';
import { type Known, runExportFile } from './scheduled-run.js';

const dbPath = (workerData as { dbPath: string }).dbPath;
const known = new Map<string, Known>();
let store: Promise<Store> | null = null;

parentPort?.on('message', async (m: { id: number; file: ExportFileSettings; at: string }) => {
  try {
    store ??= openStore(dbPath, { migrate: false, synchronous: 'NORMAL' });
    const run = await runExportFile(await store, m.file, new Date(m.at), known);
    parentPort!.postMessage({ id: m.id, run });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, run: { path: m.file.path, result: 'failed', error: (err as Error).message } });
  }
});
