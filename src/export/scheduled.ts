// Scheduled suppression files: at start and every interval each configured file is generated again
// and, when its content differs from what is on disk, put in place atomically (a temporary file,
// flushed, renamed): a sender's MTA or importer reading it always reads a whole file, old or new.
// An unchanged file is not touched. The work runs on a worker thread with its own connection
// (a million rows take seconds); without the compiled worker (the tests run the sources), for an
// in-memory store or a shared PostgreSQL store it runs here, a page at a time, through the store port. Several hosts sharing a store generate the files
// on one host only, the leader: the one holding the exports' lease (src/cluster/lease.ts).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Store } from '../store/open.js';
import type { PipelineContext } from '../pipeline/context.js';
import type { ExportFileSettings, ExportSettings } from '../config/export.js';
import type { Metrics } from '../metrics.js';
import { type ExportRun, type Known, runExportFile } from './scheduled-run.js';
import type { LeaseKeeper } from '../cluster/lease.js';
import type { ExportSource } from './formats.js';

export type { ExportRun };

export interface ScheduledExportsOptions {
  logger: Logger;
  metrics?: Metrics;
  /** the exports' lease: the files are generated only while this host holds it; default: always */
  leader?: LeaseKeeper;
}

export interface ScheduledExports {
  /** generate every file now (also what the timer does); resolves when done */
  runOnce(): Promise<ExportRun[]>;
  /** no more runs; waits for one in progress; safe to call twice */
  stop(): Promise<void>;
}

interface Runner {
  run(f: ExportFileSettings, at: Date): Promise<ExportRun>;
  close(): Promise<void>;
}

const WORKER = new URL('./scheduled-worker.js', import.meta.url);

function inlineRunner(source: ExportSource): Runner {
  const known = new Map<string, Known>();
  return { run: (f, at) => runExportFile(source, f, at, known), close: async () => {} };
}

function workerRunner(store: Store): Runner {
  const worker = new Worker(WORKER, { workerData: { dbPath: store.path } });
  worker.unref();
  let next = 0;
  const waiting = new Map<number, { path: string; resolve: (r: ExportRun) => void }>();
  const failAll = (error: string) => {
    for (const w of waiting.values()) w.resolve({ path: w.path, result: 'failed', error });
    waiting.clear();
  };
  worker.on('message', (m: { id: number; run: ExportRun }) => {
    waiting.get(m.id)?.resolve(m.run);
    waiting.delete(m.id);
  });
  worker.on('error', (err) => failAll(err.message));
  worker.on('exit', () => failAll('the export worker stopped'));
  return {
    run: (f, at) =>
      new Promise((resolve) => {
        const id = next++;
        waiting.set(id, { path: f.path, resolve });
        worker.postMessage({ id, file: f, at: at.toISOString() });
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}

export function startScheduledExports(ctx: PipelineContext, settings: ExportSettings, opts: ScheduledExportsOptions): ScheduledExports {
  const store = ctx.store;
  const log = opts.logger;
  let timer: NodeJS.Timeout | null = null;
  let stopping = false;
  let current: Promise<ExportRun[]> | null = null;
  if (!settings.files.length) return { runOnce: async () => [], stop: async () => {} };
  // the shared PostgreSQL store is read here, over the pool: a page at a time, the event loop free
  // while the database answers
  const useWorker = ctx.port.backend === 'sqlite' && store.path !== ':memory:' && existsSync(fileURLToPath(WORKER));
  const runner = useWorker ? workerRunner(store) : inlineRunner(ctx.port);

  async function runAll(): Promise<ExportRun[]> {
    const runs: ExportRun[] = [];
    if (opts.leader && !opts.leader.held) return runs;
    const at = ctx.now();
    for (const f of settings.files) {
      if (stopping) break;
      const r = await runner.run(f, at);
      runs.push(r);
      opts.metrics?.exportRuns.inc({ path: f.path, result: r.result });
      if (r.result === 'failed') log.error({ path: r.path, err: r.error }, 'scheduled export failed');
      else if (r.result === 'written') log.info({ path: r.path, format: f.format }, 'suppression file written');
    }
    return runs;
  }

  function runOnce(): Promise<ExportRun[]> {
    // one run at a time: a slow run is not overlapped by the next tick
    current ??= runAll().finally(() => {
      current = null;
    });
    return current;
  }

  function schedule(): void {
    if (stopping) return;
    timer = setTimeout(() => void runOnce().finally(schedule), settings.intervalSeconds * 1000);
    timer.unref();
  }

  void runOnce().finally(schedule); // at start, so the files exist
  // a host becoming the leader (at start, or taking over from one that died) writes them at once
  opts.leader?.onChange((held) => held && !stopping && void runOnce());
  log.info({ files: settings.files.map((f) => f.path), intervalSeconds: settings.intervalSeconds, thread: useWorker ? 'worker' : 'main' }, 'scheduled exports started');

  let stopped: Promise<void> | null = null;
  return {
    runOnce,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        if (timer) clearTimeout(timer);
        await current?.catch(() => {});
        await opts.leader?.release();
        await runner.close();
      })();
      return stopped;
    },
  };
}
