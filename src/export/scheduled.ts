// Scheduled suppression files: every interval each configured file is generated again (a page at a
// time, so the event loop keeps serving) and, when its content differs from what is on disk,
// written atomically (temporary file, fsync, rename): a sender's MTA or importer reading it
// always reads a whole file, old or new. An unchanged file is not touched (its mtime stays).
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import type { Store } from '../store/open.js';
import type { ExportFileSettings, ExportSettings } from '../config/export.js';
import type { Metrics } from '../metrics.js';
import { exportChunks } from './stream.js';
import { writeFileAtomic } from './write-atomic.js';

export interface ScheduledExportsOptions {
  logger: Logger;
  metrics?: Metrics;
}

export interface ExportRun {
  path: string;
  result: 'written' | 'unchanged' | 'failed';
  error?: string;
}

export interface ScheduledExports {
  /** generate every file now (also what the timer does); resolves when done */
  runOnce(): Promise<ExportRun[]>;
  /** no more runs; waits for one in progress; safe to call twice */
  stop(): Promise<void>;
}

export function startScheduledExports(store: Store, settings: ExportSettings, opts: ScheduledExportsOptions): ScheduledExports {
  const log = opts.logger;
  // what each file holds (digest) and how it looked on disk then, so that an unchanged export is
  // not written again, while a file changed or removed by someone else is
  const known = new Map<string, Known>();
  let timer: NodeJS.Timeout | null = null;
  let stopping = false;
  let current: Promise<ExportRun[]> | null = null;

  async function runFile(f: ExportFileSettings): Promise<ExportRun> {
    try {
      const chunks: string[] = [];
      const hash = createHash('sha256');
      for await (const chunk of exportChunks(store, { format: f.format, types: f.types, domain: f.domain })) {
        chunks.push(chunk);
        hash.update(chunk, 'utf8');
      }
      const digest = hash.digest('hex');
      if (digest === (await currentDigest(f.path, known.get(f.path)))) return { path: f.path, result: 'unchanged' };
      await mkdir(dirname(f.path), { recursive: true });
      writeFileAtomic(f.path, chunks.join(''));
      known.set(f.path, { digest, ...statOf(f.path)! });
      return { path: f.path, result: 'written' };
    } catch (err) {
      return { path: f.path, result: 'failed', error: (err as Error).message };
    }
  }

  async function runAll(): Promise<ExportRun[]> {
    const runs: ExportRun[] = [];
    for (const f of settings.files) {
      if (stopping) break;
      const r = await runFile(f);
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
    if (stopping || !settings.files.length) return;
    timer = setTimeout(() => {
      void runOnce().finally(schedule);
    }, settings.intervalSeconds * 1000);
    timer.unref();
  }

  if (settings.files.length) {
    void runOnce().finally(schedule); // at start, so the files exist
    log.info({ files: settings.files.map((f) => f.path), intervalSeconds: settings.intervalSeconds }, 'scheduled exports started');
  }

  let stopped: Promise<void> | null = null;
  return {
    runOnce,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        if (timer) clearTimeout(timer);
        await current?.catch(() => {});
      })();
      return stopped;
    },
  };
}

interface Known {
  digest: string;
  size: number;
  mtimeMs: number;
}

function statOf(path: string): { size: number; mtimeMs: number } | null {
  try {
    const st = statSync(path);
    return { size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    return null;
  }
}

/** The digest of the file on disk: remembered while it looks as we left it, else read again. */
async function currentDigest(path: string, k: Known | undefined): Promise<string> {
  const st = statOf(path);
  if (!st) return '';
  if (k && k.size === st.size && k.mtimeMs === st.mtimeMs) return k.digest;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
