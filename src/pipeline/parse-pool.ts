// Parsing on worker threads, for bulk ingestion: the main thread reads files and writes SQLite
// while the workers parse, so the two overlap. Results come back in any order; the caller commits
// them in input order. Without the compiled worker (running from the TypeScript sources, as the
// tests do) or with size 0, it parses on the calling thread. The workers classify with the same
// rules as the calling thread: the rule file paths travel to them and each reads them.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import { type Parsed, safeParse } from './parse-safe.js';
import { BUILTIN_CLASSIFIER, type Classifier } from '../classify/classifier.js';
import { defaultPoolSize } from './pool-size.js';

export interface ParsePoolRules {
  /** what the calling thread classifies with */
  classifier: Classifier;
  /** the rule files it was built from, for the workers */
  rules: readonly string[];
}

const WORKER = new URL('./parse-worker.js', import.meta.url);

export interface ParseInput {
  raw: Uint8Array;
  /** a stored input's raw_format (null: a mail message) */
  format: string | null;
}

export interface ParsePool {
  /** worker threads in use (0: parsing inline) */
  readonly size: number;
  /** `format`: a stored input's raw_format (null: a mail message), see parse-safe.ts */
  parse(raw: Uint8Array, format?: string | null): Promise<Parsed>;
  /**
   * several at once: one post to one worker (a post costs more than a small message's parse).
   * The bytes move to the worker when they can (the caller's copy is then emptied); `keepBytes`:
   * they are copied instead, for a caller that still needs them.
   */
  parseAll(inputs: ReadonlyArray<ParseInput>, opts?: { keepBytes?: boolean }): Promise<Parsed[]>;
  /** the rule files were read again by the calling thread (and found good): the workers read them too */
  reload(): void;
  close(): Promise<void>;
}

export function createParsePool(
  size = defaultPoolSize(),
  rules: ParsePoolRules = { classifier: BUILTIN_CLASSIFIER, rules: [] },
  /** e.g. a smaller young generation for a long-running server's thread (its resident memory) */
  resourceLimits?: ResourceLimits,
): ParsePool {
  if (size <= 0 || !existsSync(fileURLToPath(WORKER))) {
    // the calling thread's classifier at each call: a reload replaces it (rules.classifier is read late)
    const here = (raw: Uint8Array, format: string | null = null) => safeParse(raw, rules.classifier, format);
    return { size: 0, parse: async (raw, format) => here(raw, format), parseAll: async (inputs) => inputs.map((i) => here(i.raw, i.format)), reload: () => {}, close: async () => {} };
  }
  const waiting = new Map<number, { resolve: (p: Parsed | Parsed[]) => void; reject: (e: Error) => void }>();
  // a worker that died answers nothing more: from then on this thread parses (slower, not stuck)
  let broken = false;
  const load = new Map<Worker, number>();
  let next = 0;
  const workers = Array.from({ length: size }, () => {
    const w = new Worker(WORKER, { workerData: { rules: rules.rules }, resourceLimits });
    load.set(w, 0);
    w.on('message', (m: { id: number; parsed: Parsed | Parsed[] }) => {
      load.set(w, load.get(w)! - 1);
      waiting.get(m.id)?.resolve(m.parsed);
      waiting.delete(m.id);
    });
    w.on('error', (err) => {
      broken = true;
      for (const p of waiting.values()) p.reject(err);
      waiting.clear();
    });
    return w;
  });
  function post<T>(msg: object, transfer: ArrayBuffer[] = []): Promise<T> {
    const id = next++;
    // the least busy worker
    let w = workers[0]!;
    for (const c of workers) if (load.get(c)! < load.get(w)!) w = c;
    load.set(w, load.get(w)! + 1);
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (p: Parsed | Parsed[]) => void, reject });
      w.postMessage({ ...msg, id }, transfer);
    });
  }
  return {
    size,
    parse(raw, format = null) {
      if (broken) return Promise.resolve(safeParse(raw, rules.classifier, format));
      return post<Parsed>({ raw, format });
    },
    parseAll(inputs, opts) {
      if (broken) return Promise.resolve(inputs.map((i) => safeParse(i.raw, rules.classifier, i.format)));
      // bytes that own their memory move to the worker instead of being copied
      const transfer = new Set<ArrayBuffer>();
      if (!opts?.keepBytes) for (const { raw } of inputs) if (raw.buffer instanceof ArrayBuffer && raw.buffer.byteLength === raw.byteLength) transfer.add(raw.buffer);
      return post<Parsed[]>({ batch: inputs.map((i) => ({ raw: i.raw, format: i.format })) }, [...transfer]);
    },
    reload() {
      // in order with the parses: what is posted after this is parsed with the new rules
      for (const w of workers) w.postMessage({ reload: true });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
