// The per-host processor when the store is a shared PostgreSQL: what this host's listener spooled
// (committed in its local SQLite spool, then acknowledged) is claimed oldest first, written into
// PostgreSQL with its records and policy (one PostgreSQL transaction a slice, idempotent by SHA-256
// across hosts), and only then marked done in the local spool. While PostgreSQL is down or slow the
// slices fail or wait, the local spool grows (past spool.maxBytes the listener answers 451), the
// failures are logged with the backlog, and the spool drains once PostgreSQL answers again. A
// crash between the PostgreSQL commit and the local mark writes the slice again: a duplicate there,
// nothing twice.
//
// The messages are parsed elsewhere (the parse pool's thread) and two slices are in hand at once:
// the next one is read and parsed while the one before it commits in PostgreSQL. The writes stay
// one after the other, in the order the slices were read (the policy depends on the order).
import type { Logger } from 'pino';
import type { PipelineContext } from './context.js';
import { type Parsed, type ProcessResult, metaOfRow, safeParse } from './ingest.js';
import { parserVersion } from './parser-version.js';
import type { StorePort } from '../store/port.js';
import type { MessageRow } from '../store/schema.js';
import { markProcessed, pendingBytes, pendingRows } from '../store/messages.js';
import { transaction } from '../store/sync.js';
import { NextRun } from './next-run.js';

export interface ForwardOptions {
  /** messages per PostgreSQL transaction */
  sliceSize?: number;
  log?: Logger;
  /** before each read of the spool: e.g. commit what the listener is waiting for, which comes first */
  beforeSlice?: () => void;
  /** after each slice written: the local messages done (their ids in the local spool) */
  onProcessed?: (results: ProcessResult[]) => void;
  /**
   * Parse elsewhere (parse-pool.ts parseAll, the bytes kept: they are written after); without
   * it, on this thread.
   */
  parse?: (inputs: ReadonlyArray<{ raw: Uint8Array; format: string | null }>) => Promise<Parsed[]>;
  /** whether sessions are waiting for commits now: a part slice then waits for more (see run) */
  busy?: () => boolean;
}

/** waits after failed slices: the database is down, restarting or refusing */
const RETRY_MS = [500, 1_000, 2_000, 5_000, 10_000];
/** slices in hand at once: one committing in PostgreSQL while the next is read and parsed */
const AHEAD = 2;
/** how long a part slice waits for more while sessions are busy */
const GATHER_MS = 20;

type Row = MessageRow & { raw: Buffer };

export class ForwardLoop {
  private readonly next = new NextRun(() => this.run());
  private stopped = false;
  private failures = 0;
  private readonly sliceSize: number;
  private readonly parse: NonNullable<ForwardOptions['parse']>;
  /** slices read (of this epoch) and not yet written */
  private inFlight = 0;
  /** the last message id read (read again from the start once nothing is in hand) */
  private cursor = 0;
  /** the writes, one after the other in the order the slices were read */
  private writes: Promise<void> = Promise.resolve();
  /** bumped by a failure: the slices read before it are dropped, and read again in order later */
  private epoch = 0;
  /** the last read found a part slice and waited for more (once) */
  private gathered = false;
  processed = 0;

  /** `local`: the host's spool; `target`: the shared store's port */
  constructor(
    private readonly local: PipelineContext,
    private readonly target: StorePort,
    private readonly opts: ForwardOptions = {},
  ) {
    this.sliceSize = Math.max(1, opts.sliceSize ?? 64);
    this.parse = opts.parse ?? (async (inputs) => inputs.map((i) => safeParse(i.raw, local.store.classifier, i.format)));
  }

  /** Make sure a run follows soon (after a commit; at start for what is left pending). */
  kick(): void {
    if (!this.stopped) this.next.soon();
  }

  /** No more runs; waits for the slices in hand to be written. What is left stays pending for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.next.cancel();
    await this.writes;
  }

  /** Forward everything pending now (tests, and a last pass); rejects when the store refuses. */
  async drain(): Promise<number> {
    await this.writes;
    let n = 0;
    for (let rows = pendingRows(this.local.store, 0, this.sliceSize); rows.length > 0; rows = pendingRows(this.local.store, 0, this.sliceSize)) {
      n += await this.write(rows, await this.parse(rows.map(inputOf)));
    }
    return n;
  }

  private run(): void {
    if (this.stopped) return;
    if (this.inFlight === 0) this.cursor = 0;
    while (this.inFlight < AHEAD && !this.stopped) {
      let rows: Row[];
      try {
        this.opts.beforeSlice?.();
        rows = pendingRows(this.local.store, this.cursor, this.sliceSize);
      } catch (err) {
        return this.failed(err);
      }
      if (rows.length === 0) return;
      // a PostgreSQL transaction costs about a dozen round trips whatever its size: while sessions
      // are sending, a part slice waits for the one in hand to commit, or (nothing in hand) once
      // for GATHER_MS, so the slices grow with the load instead of a transaction per commit
      if (rows.length < this.sliceSize && this.opts.busy?.()) {
        if (this.inFlight > 0) return; // its write kicks the next read
        if (!this.gathered) {
          this.gathered = true;
          this.next.after(GATHER_MS);
          return;
        }
      }
      this.gathered = false;
      this.cursor = rows[rows.length - 1]!.id;
      this.inFlight++;
      const epoch = this.epoch;
      const parsed = this.parse(rows.map(inputOf));
      parsed.catch(() => {}); // its failure is the write's, below
      this.writes = this.writes.then(async () => {
        if (epoch !== this.epoch) return; // a slice before it failed: read again later, in order
        try {
          await this.write(rows, await parsed);
        } catch (err) {
          if (epoch === this.epoch) this.failed(err);
          return;
        }
        this.inFlight--;
        if (this.failures > 0) this.opts.log?.info({ backlogBytes: pendingBytes(this.local.store) }, 'the shared store answers again: forwarding the spool');
        this.failures = 0;
        this.kick(); // the next slice, and what was committed meanwhile
      });
    }
  }

  /** the shared store is down or refuses: the messages stay pending here, and are tried again */
  private failed(err: unknown): void {
    this.epoch++;
    this.inFlight = 0;
    const wait = RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)]!;
    this.opts.log?.error(
      { err: (err as Error)?.message ?? String(err), retryInMs: wait, backlogBytes: this.local.store.sqlite.open ? pendingBytes(this.local.store) : null },
      'forwarding spooled messages to the shared store failed: they stay in the local spool',
    );
    if (this.stopped) return;
    this.next.after(wait, true);
  }

  /** One slice: written to the shared store, then marked done here. */
  private async write(rows: readonly Row[], parsed: readonly Parsed[]): Promise<number> {
    const store = this.local.store;
    const written = await this.target.ingestGroup(rows.map((row, i) => ({ raw: row.raw, meta: metaOfRow(row), parsed: parsed[i]! })));
    if (this.stopped && !store.sqlite.open) return 0; // closed under us: written there, marked at the next start
    const at = this.local.now().toISOString();
    const version = (i: number) => parsed[i]!.version ?? parserVersion(store.classifier);
    // what the shared store holds for each (for a duplicate: what the first host made of it)
    const results: ProcessResult[] = rows.map((row, i) => {
      const w = written[i]!;
      const status = w.storedStatus === 'failed' ? 'failed' : 'parsed';
      return { messageId: row.id, status, kind: (w.storedKind ?? 'not-bounce') as ProcessResult['kind'], records: w.records, suppressed: w.suppressed, outcomes: {}, problems: w.problems };
    });
    transaction(store, () => {
      for (const [i, r] of results.entries()) {
        markProcessed(store, r.messageId, {
          status: r.status,
          parser_version: version(i),
          processed_at: at,
          kind: r.kind,
          format: null,
          reporting_mta: null,
          message_id: null,
          subject: null,
          feedback_type: null,
          problems: JSON.stringify(r.problems),
        });
      }
    });
    this.processed += results.length;
    this.opts.onProcessed?.(results);
    return results.length;
  }
}

function inputOf(row: Row): { raw: Uint8Array; format: string | null } {
  return { raw: row.raw, format: row.raw_format };
}
