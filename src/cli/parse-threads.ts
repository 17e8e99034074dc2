// `rebound parse` over many inputs on every core: the calling thread reads the inputs, parses as
// well, and writes; parse threads take a batch whenever they hold fewer than two. What is printed
// keeps the input order, whoever parsed it. A run of one batch or less never starts a thread (it
// would cost more to load than the parse), and a thread still loading is given nothing, so a short
// run never waits for one. A thread that fails hands its batches back to the calling thread.
import { existsSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ParseThreadAnswer, ParseThreadData, ParseThreadJob } from './parse-thread.js';

const THREAD = new URL('./parse-thread.js', import.meta.url);
/** a batch: a post to a thread costs about what a small message's parse does */
const BATCH_MESSAGES = 16;
const BATCH_BYTES = 256 * 1024;
/** batches a thread holds: one it parses and one waiting, so it never waits for the calling thread */
const PER_THREAD = 2;
const NOTHING = new Uint8Array(0);

type Message = ParseThreadJob['batch'][number];

export interface OrderedParseOptions {
  /** parse threads beside the calling thread (0: it parses everything) */
  threads: number;
  /** what each thread needs to classify and print as the calling thread does */
  data: ParseThreadData;
  /** the calling thread's parse of a batch: what it prints, in UTF-8 */
  parseHere(batch: Message[]): Uint8Array;
  /** bytes to print, in input order */
  write(bytes: Uint8Array): Promise<void>;
  /** an input that could not be read, in its turn */
  fail(line: string): Promise<void>;
}

export interface OrderedParse {
  add(ref: string, raw: Uint8Array): Promise<void>;
  /** batches given to the threads so far (a failed thread's too), and how many came back from them */
  readonly onThreads: { given: number; parsed: number };
  /** an input that could not be read: said after everything before it */
  fail(line: string): Promise<void>;
  /** everything added is printed, the threads are stopped */
  end(): Promise<void>;
}

/** A batch's place in the output: its bytes once parsed, or the line of an input that failed. */
interface Slot {
  bytes: Uint8Array | null;
  failed?: string;
  parsed?: Promise<void>;
}

export function orderedParse(o: OrderedParseOptions): OrderedParse {
  let batch: Message[] = [];
  let bytes = 0;
  let threads: Threads | null = null;
  let started = false;
  const slots: Slot[] = [];
  const onThreads = { given: 0, parsed: 0 };

  async function print(): Promise<void> {
    while (slots.length && slots[0]!.bytes !== null) {
      const { bytes, failed } = slots.shift()!;
      if (failed !== undefined) await o.fail(failed);
      else if (bytes!.byteLength) await o.write(bytes!);
    }
  }

  async function dispatch(): Promise<void> {
    if (!batch.length) return;
    const b = batch;
    batch = [];
    bytes = 0;
    const onThread = threads?.offer(b) ?? null;
    if (onThread) {
      const slot: Slot = { bytes: null };
      onThreads.given++;
      // a thread that fails gives its batch back: parsed here, in its place
      slot.parsed = onThread.then(
        (bytes) => void ((slot.bytes = bytes), onThreads.parsed++),
        () => void (slot.bytes = o.parseHere(b)),
      );
      slots.push(slot);
    } else {
      slots.push({ bytes: o.parseHere(b) });
    }
    await print();
    if (threads) {
      // let the threads' answers in (reading files alone never leaves this turn of the event loop)
      await nextTurn();
      // bounded memory: a slow batch at the head holds back at most a few parsed behind it
      while (slots.length > 4 * (o.threads + 1)) {
        await slots[0]!.parsed;
        await print();
      }
    }
  }

  return {
    onThreads,
    async add(ref, raw) {
      batch.push({ ref, raw });
      bytes += raw.byteLength;
      if (batch.length < BATCH_MESSAGES && bytes < BATCH_BYTES) return;
      // more than a batch: the threads start loading, and this batch is parsed here meanwhile
      if (o.threads > 0 && !started) {
        started = true;
        threads = startThreads(o.threads, o.data);
      }
      await dispatch();
    },
    async fail(line) {
      await dispatch();
      slots.push({ bytes: NOTHING, failed: line });
      await print();
    },
    async end() {
      await dispatch();
      for (const s of slots) await s.parsed;
      await print();
      await threads?.close();
    },
  };
}

interface Threads {
  /** the batch's bytes from a thread that is ready and holds fewer than PER_THREAD, else null */
  offer(batch: Message[]): Promise<Uint8Array> | null;
  close(): Promise<void>;
}

function startThreads(n: number, data: ParseThreadData): Threads | null {
  if (!existsSync(fileURLToPath(THREAD))) return null; // running from the sources (tests): here only
  const waiting = new Map<number, { resolve: (bytes: Uint8Array) => void; reject: (err: Error) => void }>();
  let next = 0;
  let broken = false;
  const fail = (err: Error) => {
    broken = true;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  const threads = Array.from({ length: n }, () => {
    const t = { worker: new Worker(THREAD, { workerData: data }), ready: false, load: 0 };
    t.worker.on('message', (m: { ready: true } | ParseThreadAnswer) => {
      if ('ready' in m) return void (t.ready = true);
      t.load--;
      waiting.get(m.id)?.resolve(m.bytes);
      waiting.delete(m.id);
    });
    t.worker.on('error', fail);
    t.worker.on('exit', () => fail(new Error('a parse thread stopped')));
    return t;
  });
  return {
    offer(batch) {
      if (broken) return null;
      let best: (typeof threads)[number] | undefined;
      for (const t of threads) if (t.ready && t.load < PER_THREAD && (!best || t.load < best.load)) best = t;
      if (!best) return null;
      const id = next++;
      best.load++;
      const job: ParseThreadJob = { id, batch };
      return new Promise<Uint8Array>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        best.worker.postMessage(job);
      });
    },
    async close() {
      broken = true;
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
