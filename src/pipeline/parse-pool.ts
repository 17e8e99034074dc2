// Parsing on worker threads, for bulk ingestion: the main thread reads files and writes SQLite
// while the workers parse, so the two overlap. Results come back in any order; the caller commits
// them in input order. Without the compiled worker (running from the TypeScript sources, as the
// tests do) or with size 0, it parses on the calling thread. The workers classify with the same
// rules as the calling thread: its classifier's user rules travel to them as data (a structured
// clone keeps their expressions), never read from the files again, so a thread cannot read a file
// that changed after the calling thread checked it. A parse that does not end is found and answered
// as failed (PARSE_DEADLINE_MS), its worker replaced.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import { type Parsed, safeParse } from './parse-safe.js';
import { BUILTIN_CLASSIFIER, type Classifier } from '../classify/classifier.js';
import { defaultPoolSize } from './pool-size.js';
import type { ParseWorkerData } from './parse-worker.js';

export interface ParsePoolRules {
  /** what the calling thread classifies with (read at each use: a reload replaces it); the workers get its user rules */
  readonly classifier: Classifier;
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
   * several at once: one post to one worker (a post costs more than a small message's parse). The
   * bytes are copied to the worker: the caller's stay whole, and can be parsed again (PARSE_DEADLINE_MS).
   */
  parseAll(inputs: ReadonlyArray<ParseInput>): Promise<Parsed[]>;
  /** the rule files were read again by the calling thread (and found good): the workers take its new rules */
  reload(): void;
  close(): Promise<void>;
}

export interface ParsePoolOptions {
  /** e.g. a smaller young generation for a long-running server's thread (its resident memory) */
  resourceLimits?: ResourceLimits;
  /** a post not answered within this time is taken for a parse that hangs (default 30 s) */
  deadlineMs?: number;
  /** the worker's script (tests give one of their own) */
  worker?: URL;
}

/**
 * The parser's work is bounded (the fuzz's slowest message, 20 MB, takes about 40 ms), so a post
 * not answered in 30 s is a parse that will not end: a bug, or a rule that backtracks. Its worker is
 * stopped and a new one started; the messages it held are parsed again one at a time, and the one
 * that does not finish alone is answered as a parse that failed (stored as such, raw kept, for
 * `rebound reparse` once it is fixed) instead of holding every later message back.
 */
export const PARSE_DEADLINE_MS = 30_000;

type Answer = Parsed | Parsed[];

/** The bytes as sent to a worker: a copy clones a view's whole buffer (a slice of a read chunk, a
 * pooled small Buffer), so a view is first copied to a buffer of its own. */
const own = (raw: Uint8Array): Uint8Array => (raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength ? raw : new Uint8Array(raw));

interface Thread {
  worker: Worker;
  /** posts sent to it and not answered, oldest first: it parses them in that order */
  posts: number[];
  /** the deadline of the oldest, counted from when the thread began it (the answer before) */
  timer?: NodeJS.Timeout;
}

interface Post {
  resolve(answer: Answer): void;
  reject(err: Error): void;
  /** what to answer instead when its thread was stopped: `hung`, it was the post that did not end;
   * else it was only waiting behind that one */
  recover(hung: boolean): Promise<Answer>;
}

export function createParsePool(
  size = defaultPoolSize(),
  rules: ParsePoolRules = { classifier: BUILTIN_CLASSIFIER },
  opts: ParsePoolOptions = {},
): ParsePool {
  const script = opts.worker ?? WORKER;
  if (size <= 0 || !existsSync(fileURLToPath(script))) {
    // the calling thread's classifier at each call: a reload replaces it (rules.classifier is read late)
    const here = (raw: Uint8Array, format: string | null = null) => safeParse(raw, rules.classifier, format);
    return { size: 0, parse: async (raw, format) => here(raw, format), parseAll: async (inputs) => inputs.map((i) => here(i.raw, i.format)), reload: () => {}, close: async () => {} };
  }
  const deadline = opts.deadlineMs ?? PARSE_DEADLINE_MS;
  const posts = new Map<number, Post>();
  // a worker that died answers nothing more: from then on this thread parses (slower, not stuck)
  let broken = false;
  let next = 0;
  const start = (): Thread => {
    const workerData: ParseWorkerData = { user: rules.classifier.user };
    const t: Thread = { worker: new Worker(script, { workerData, resourceLimits: opts.resourceLimits }), posts: [] };
    t.worker.on('message', (m: { id: number; parsed: Answer }) => {
      const p = posts.get(m.id);
      if (!p) return;
      posts.delete(m.id);
      t.posts.splice(t.posts.indexOf(m.id), 1);
      arm(t);
      p.resolve(m.parsed);
    });
    t.worker.on('error', (err) => {
      broken = true;
      for (const th of threads) clearTimeout(th.timer);
      for (const p of posts.values()) p.reject(err);
      posts.clear();
    });
    return t;
  };
  const threads = Array.from({ length: size }, start);
  /** the thread's deadline for the post it works on now */
  function arm(t: Thread): void {
    clearTimeout(t.timer);
    t.timer = t.posts.length ? setTimeout(() => hung(t), deadline) : undefined;
  }
  /** Its oldest post unanswered past the deadline: the thread is replaced, what it held recovered. */
  function hung(t: Thread): void {
    void t.worker.terminate();
    threads[threads.indexOf(t)] = start();
    t.posts.forEach((id, i) => {
      const p = posts.get(id)!;
      posts.delete(id);
      p.recover(i === 0).then(p.resolve, p.reject);
    });
  }
  function post<T extends Answer>(msg: object, recover: (hung: boolean) => Promise<T>): Promise<T> {
    const id = next++;
    // the least busy thread
    let t = threads[0]!;
    for (const c of threads) if (c.posts.length < t.posts.length) t = c;
    return new Promise<T>((resolve, reject) => {
      posts.set(id, { resolve: resolve as (a: Answer) => void, reject, recover });
      t.posts.push(id);
      if (t.posts.length === 1) arm(t);
      t.worker.postMessage({ ...msg, id });
    });
  }
  const timedOut = (): Parsed => ({ report: null, threw: `the parser did not finish within ${deadline / 1000} s` });
  /** One message: if it does not end on its own, it is the one that hangs. */
  const parseOne = (raw: Uint8Array, format: string | null): Promise<Parsed> => {
    if (broken) return Promise.resolve(safeParse(raw, rules.classifier, format));
    return post<Parsed>({ raw: own(raw), format }, async (hung) => (hung ? timedOut() : parseOne(raw, format)));
  };
  const parseAll = (inputs: ReadonlyArray<ParseInput>): Promise<Parsed[]> => {
    if (broken) return Promise.resolve(inputs.map((i) => safeParse(i.raw, rules.classifier, i.format)));
    // a batch that did not end is parsed again one message at a time, to find the one that hangs
    return post<Parsed[]>({ batch: inputs.map((i) => ({ raw: own(i.raw), format: i.format })) }, async (hung) => (hung ? oneByOne(inputs) : parseAll(inputs)));
  };
  const oneByOne = async (inputs: ReadonlyArray<ParseInput>): Promise<Parsed[]> => {
    const out: Parsed[] = [];
    for (const i of inputs) out.push(await parseOne(i.raw, i.format));
    return out;
  };
  return {
    size,
    parse: (raw, format = null) => parseOne(raw, format),
    parseAll,
    reload() {
      // in order with the parses: what is posted after this is parsed with the new rules
      for (const t of threads) t.worker.postMessage({ reload: rules.classifier.user });
    },
    async close() {
      for (const t of threads) clearTimeout(t.timer);
      posts.clear();
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
