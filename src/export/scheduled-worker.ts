// The worker thread behind the scheduled exports: its own connection to the database file (it only
// reads), so that generating a file of a million rows never holds up the event loop that serves
// SMTP and the API.
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store/open.js';
import { pipelineContext } from '../pipeline/context.js';
import type { StorePort } from '../store/port.js';
import type { ExportFileSettings } from '../config/export.js';
import { type Known, runExportFile } from './scheduled-run.js';

const dbPath = (workerData as { dbPath: string }).dbPath;
const known = new Map<string, Known>();
let port: Promise<StorePort> | null = null;

parentPort?.on('message', async (m: { id: number; file: ExportFileSettings; at: string }) => {
  try {
    port ??= openStore(dbPath, { migrate: false, synchronous: 'NORMAL' }).then((store) => pipelineContext(store).port);
    const run = await runExportFile(await port, m.file, new Date(m.at), known);
    parentPort!.postMessage({ id: m.id, run });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, run: { path: m.file.path, result: 'failed', error: (err as Error).message } });
  }
});
