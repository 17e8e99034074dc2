// The main thread's side of the spool worker: requests out, answers in, by id. A worker that dies
// rejects what it had not answered (the listener answers 451 and senders retry) and every later
// request, and calls the onFatal handler so that `serve` can stop.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { IngestMeta, SpoolResult } from './ingest.js';
import type { Spooler, SpoolerOptions, SpoolerStats } from './spooler.js';
import type { WrittenSummary } from '../events/wire.js';

/** What the worker is started with. */
export type SpoolWorkerData = Omit<SpoolerOptions, 'log' | 'onQueued' | 'onWritten'> & { logLevel: string; postQueued: boolean; postWritten: boolean };

/** An answer to a request (by id). */
export type WorkerAnswer = { id: number; ok: boolean; value: unknown };

/**
 * What the worker posts: answers (those settled together in one post: a group commit answers all
 * its messages at once), or a notice: messages processed, webhook events queued.
 */
export type WorkerMessage = WorkerAnswer | { answers: WorkerAnswer[] } | { written: WrittenSummary[] } | { queued: true };

const WORKER = new URL('./spool-worker.js', import.meta.url);

/** The compiled worker is there (not when running from the TypeScript sources, as tests do). */
export function spoolWorkerAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER));
}

export async function openWorkerSpooler(opts: SpoolerOptions): Promise<Spooler> {
  // functions cannot cross: the worker is told to post what they would be called with
  const { log, onQueued, onWritten, ...data } = opts;
  const worker = new Worker(WORKER, {
    workerData: { ...data, logLevel: log?.level ?? 'info', postQueued: !!onQueued, postWritten: !!onWritten } satisfies SpoolWorkerData,
    // a smaller young generation than V8's default: the worker's garbage is short-lived and small,
    // and this keeps the process's resident memory down (docs/smtp.md, memory)
    resourceLimits: { maxYoungGenerationSizeMb: 8 },
  });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 1;
  let dead: Error | undefined;
  let closing = false;
  let fatal: (err: Error) => void = () => {};

  const ready = new Promise<void>((resolve, reject) => waiting.set(0, { resolve: () => resolve(), reject }));
  const settle = (m: WorkerAnswer) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.ok) w.resolve(m.value);
    else w.reject(new Error((m.value as { message: string }).message));
  };
  worker.on('message', (m: WorkerMessage) => {
    if ('written' in m) return m.written.forEach((w) => onWritten?.(w));
    if ('queued' in m) return onQueued?.();
    if ('answers' in m) return m.answers.forEach(settle);
    settle(m);
  });
  const die = (err: Error) => {
    if (dead) return;
    dead = err;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
    if (!closing) fatal(err);
  };
  worker.on('error', (err) => die(err));
  worker.on('exit', (code) => die(new Error(`the spool worker exited (${code})`)));

  const request = <T>(msg: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<T> => {
    if (dead) return Promise.reject(dead);
    const id = next++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...msg, id }, transfer);
    });
  };

  let outgoing: Array<{ id: number; raw: Uint8Array; meta: IngestMeta }> = [];
  const sendSpools = () => {
    const items = outgoing;
    outgoing = [];
    if (dead) return items.forEach((i) => waiting.get(i.id)?.reject(dead!));
    worker.postMessage({ op: 'spool', items }, [...new Set(items.map((i) => i.raw.buffer as ArrayBuffer))]);
  };

  await ready;
  let closed: Promise<void> | undefined;
  return {
    mode: 'worker',
    spool(raw: Uint8Array, meta: IngestMeta) {
      if (dead) return Promise.reject(dead);
      // bytes that own their memory move to the worker; others (sharing a pool) are copied first
      const own = raw.buffer instanceof ArrayBuffer && raw.byteOffset === 0 && raw.buffer.byteLength === raw.byteLength ? raw : new Uint8Array(raw);
      const id = next++;
      return new Promise<SpoolResult>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        outgoing.push({ id, raw: own, meta });
        // the messages of one turn of the event loop go over in one post (one wake-up of the worker)
        if (outgoing.length === 1) setImmediate(sendSpools);
      });
    },
    stats: () => request<SpoolerStats>({ op: 'stats' }),
    reloadRules: () => request<void>({ op: 'rules' }),
    close: () =>
      (closed ??= (async () => {
        closing = true;
        if (!dead) await request({ op: 'close' });
        if (worker.threadId < 0) return;
        // it has closed its store and has nothing left to do; should it linger, end it
        const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
        const t = setTimeout(() => void worker.terminate(), 5_000);
        await exited;
        clearTimeout(t);
      })()),
    onFatal(fn) {
      fatal = fn;
    },
  };
}
