// Processing in the background for a listener: parse, records and policy for what was spooled,
// outside the SMTP reply path. Runs in small slices (one transaction each, synchronous=NORMAL:
// a lost slice is processed again, since its messages stay `pending`) and yields to the event loop
// between slices so that sessions and group commits are not held up. `kick` after each commit;
// it also runs once at start for what a previous process left pending.
import type { Logger } from 'pino';
import type { PipelineContext } from './context.js';
import { transaction } from '../store/sync.js';
import { NextRun } from './next-run.js';
import { withSynchronous } from '../store/durability.js';
import { type ProcessResult, type Parsed, processParsed, processPending } from './ingest.js';
import { pendingInputs } from '../store/messages.js';

export interface ProcessLoopOptions {
  /** messages per transaction */
  sliceSize?: number;
  log?: Logger;
  /** before each slice: e.g. commit what the listener is waiting for, which comes first */
  beforeSlice?: () => void;
  /**
   * Whether sessions are waiting for commits now. While they are, processing takes at most about
   * half of the thread's time (a pause as long as the last slice after each one), so that a
   * message arriving during a slice does not wait long for its commit; the rest stays pending.
   */
  busy?: () => boolean;
  /** after each slice that processed something */
  onProcessed?: (results: ProcessResult[]) => void;
  /**
   * Parse elsewhere (a parse worker, parse-pool.ts): this thread then only reads each slice and
   * writes what was found, and the commits the listener waits for go on while a slice is parsed.
   * Without it, each slice is parsed on this thread.
   */
  parse?: (inputs: ReadonlyArray<{ raw: Uint8Array; format: string | null }>) => Promise<Parsed[]>;
}

/** slices being parsed elsewhere at once: one written while the next is parsed */
const AHEAD = 2;
/** how long a part slice waits for more while sessions are busy */
const GATHER_MS = 20;

const RETRY_MS = [1_000, 5_000, 30_000, 60_000];
/** while sessions are busy, each slice is followed by a pause this many times as long: processing
 * then takes at most a fifth of the thread, and a commit never waits behind a run of slices */
const BUSY_PAUSE = 4;

export class ProcessLoop {
  private readonly next = new NextRun(() => this.run());
  private stopped = false;
  private failures = 0;
  private readonly sliceSize: number;
  processed = 0;

  constructor(
    private readonly ctx: PipelineContext,
    private readonly opts: ProcessLoopOptions = {},
  ) {
    this.sliceSize = Math.max(1, opts.sliceSize ?? 8);
  }

  /** Make sure a run follows soon. */
  kick(): void {
    if (!this.stopped) this.next.soon();
  }

  /** No more runs; what is left stays pending for the next start. */
  stop(): void {
    this.stopped = true;
    this.next.cancel();
  }

  /** Process everything pending now, synchronously (tests, and a last pass before stopping). */
  drain(): number {
    let n = 0;
    for (let done = this.slice(); done > 0; done = this.slice()) n += done;
    return n;
  }

  private run(): void {
    if (this.stopped) return;
    if (this.opts.parse) return this.fill(this.opts.parse);
    let done: number;
    let took = 0;
    try {
      this.opts.beforeSlice?.();
      const t0 = performance.now();
      done = this.slice();
      took = performance.now() - t0;
      this.failures = 0;
    } catch (err) {
      // the store is unwell (disk full, locked): try again later; messages stay pending
      const wait = RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)]!;
      this.opts.log?.error({ err: (err as Error).message, retryInMs: wait }, 'processing spooled messages failed');
      this.next.after(wait, true);
      return;
    }
    if (done < this.sliceSize || this.stopped) return;
    if (this.opts.busy?.()) this.next.after(Math.max(2, Math.round(took * BUSY_PAUSE)));
    else this.kick();
  }

  /** slices handed to the parser and not yet written */
  private inFlight = 0;
  /** the last message id handed to the parser (read again from the start once nothing is in flight) */
  private cursor = 0;
  /** the writes, in the order the slices were read (the policy depends on the order) */
  private writes: Promise<void> = Promise.resolve();
  /** the last read found a part slice and waited for more (once) */
  private gathered = false;
  /** bumped by a failure: the slices read before it are dropped, and read again in order later */
  private epoch = 0;

  /** Hand the next slices to the parser; each is written once parsed, in order. */
  private fill(parse: NonNullable<ProcessLoopOptions['parse']>): void {
    if (this.inFlight === 0) this.cursor = 0;
    while (this.inFlight < AHEAD && !this.stopped) {
      let inputs: ReturnType<typeof pendingInputs>;
      try {
        inputs = pendingInputs(this.ctx.store, this.cursor, this.sliceSize);
      } catch (err) {
        return this.failed(err);
      }
      if (inputs.length === 0) return;
      // while sessions are busy, a part slice waits once for more: a slice (two posts, a
      // transaction) for each message or two, as reconnecting clients bring them, costs more than the parse
      if (inputs.length < this.sliceSize && this.inFlight === 0 && !this.gathered && this.opts.busy?.()) {
        this.gathered = true;
        this.next.after(GATHER_MS);
        return;
      }
      this.gathered = false;
      this.cursor = inputs[inputs.length - 1]!.id;
      this.inFlight++;
      const epoch = this.epoch;
      const parsed = parse(inputs);
      this.writes = this.writes
        .then(() => parsed)
        .then(
          (list) => this.writeSlice(epoch, inputs.map((i, n) => ({ id: i.id, parsed: list[n]! }))),
          (err: unknown) => {
            this.inFlight--;
            // the slices read after a failed one fail alike: one failure, one wait
            if (epoch === this.epoch) this.failed(err);
          },
        );
    }
  }

  private writeSlice(epoch: number, items: Array<{ id: number; parsed: Parsed }>): void {
    this.inFlight--;
    if (this.stopped || epoch !== this.epoch) return;
    let took = 0;
    try {
      this.opts.beforeSlice?.();
      const t0 = performance.now();
      const results = withSynchronous(this.ctx.store, 'NORMAL', () =>
        transaction(this.ctx.store, () => items.map((i) => processParsed(this.ctx, i.id, i.parsed)).filter((r): r is ProcessResult => r !== null)),
      );
      took = performance.now() - t0;
      this.failures = 0;
      this.processed += results.length;
      if (results.length) this.opts.onProcessed?.(results);
    } catch (err) {
      return this.failed(err);
    }
    if (this.next.waiting) return;
    if (this.opts.busy?.()) this.next.after(Math.max(2, Math.round(took * BUSY_PAUSE)));
    else this.kick();
  }

  /** the store is unwell (disk full, locked): try again later; messages stay pending */
  private failed(err: unknown): void {
    this.epoch++;
    const wait = RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)]!;
    this.opts.log?.error({ err: (err as Error)?.message ?? String(err), retryInMs: wait }, 'processing spooled messages failed');
    if (this.stopped) return;
    this.next.after(wait, true);
  }

  private slice(): number {
    const results = withSynchronous(this.ctx.store, 'NORMAL', () => transaction(this.ctx.store, () => processPending(this.ctx, this.sliceSize)));
    this.processed += results.length;
    if (results.length) this.opts.onProcessed?.(results);
    return results.length;
  }
}
