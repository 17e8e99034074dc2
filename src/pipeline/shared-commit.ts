// Group commit for writers that answer only once their writes are durable (the events endpoint:
// a 2xx after the commit). Writes handed in during one turn of the event loop run in one SQLite
// transaction, so requests that arrive together share one commit (one fsync) instead of queueing
// behind one each; each caller's promise settles after that commit. With others beside it, each
// write runs in a savepoint: one that throws is rolled back alone and rejects only its caller. A
// commit that fails rejects every caller of the group, and nothing of it is kept.
// With a WAL sync (store/wal-sync.ts, as the spool's GroupCommit) the commit does not fsync on
// this thread: it is made with synchronous=NORMAL and its callers settle once an fdatasync of the
// WAL that began after it has ended. The writes that arrive meanwhile are committed together when
// that sync ends, and synced by the next one.
import type { Store } from '../store/open.js';
import { withSynchronous } from '../store/durability.js';
import { inTransaction, transaction } from '../store/sync.js';
import type { WalSync } from '../store/wal-sync.js';

interface Waiting {
  write(): unknown;
  resolve(v: unknown): void;
  reject(e: Error): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: Error };

export interface SharedCommitOptions {
  /** the writes of one transaction at most (the ones after wait for the next turn) */
  maxGroup?: number;
  /** make commits durable by syncing the WAL off this thread (null or absent: FULL commits) */
  walSync?: WalSync | null;
}

export class SharedCommit {
  private queue: Waiting[] = [];
  private scheduled: NodeJS.Immediate | null = null;
  private readonly maxGroup: number;
  private readonly walSync: WalSync | null;
  /** groups committed and waiting for their sync */
  private inSync = 0;
  private settled: Array<() => void> = [];

  constructor(
    private readonly store: Store,
    opts: SharedCommitOptions = {},
  ) {
    this.maxGroup = Math.max(1, opts.maxGroup ?? 16);
    this.walSync = opts.walSync ?? null;
  }

  /** Run `write` (synchronous, on this store's connection) in the next group; settles after its commit. */
  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Resolves once every group committed so far has been answered (its sync ended). */
  async idle(): Promise<void> {
    while (this.inSync > 0) await new Promise<void>((r) => this.settled.push(r));
  }

  private schedule(): void {
    // while a sync runs, what arrives waits for it to end and is committed then, all together: it
    // would wait for the next sync anyway, and one commit costs less than several; a full group
    // does not wait
    if (this.scheduled || (this.inSync > 0 && this.queue.length < this.maxGroup)) return;
    this.scheduled = setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = null;
    const group = this.queue.splice(0, this.maxGroup);
    if (this.queue.length) this.schedule();
    if (!group.length) return;
    const commit = (): Outcome[] => transaction(this.store, (): Outcome[] => (group.length === 1 ? [{ ok: true, value: group[0]!.write() }] : group.map((w) => this.inSavepoint(w))));
    let outcomes: Outcome[];
    try {
      outcomes = this.walSync ? withSynchronous(this.store, 'NORMAL', commit) : commit();
    } catch (err) {
      for (const w of group) w.reject(asError(err));
      return;
    }
    const settle = (syncError: Error | null) =>
      group.forEach((w, i) => {
        const o = outcomes[i]!;
        if (!o.ok) w.reject(o.error);
        // committed but not known to be on disk: the caller answers 5xx, the sender retries, and the
        // same events are duplicates then
        else if (syncError) w.reject(syncError);
        else w.resolve(o.value);
      });
    const wal = this.walSync;
    if (!wal || !outcomes.some((o) => o.ok)) return settle(null);
    this.inSync++;
    wal
      .sync()
      .then(
        () => settle(null),
        (err: Error) => settle(err),
      )
      .finally(() => {
        this.inSync--;
        if (this.inSync > 0) return;
        this.settled.splice(0).forEach((f) => f());
        if (this.queue.length) this.schedule();
      });
  }

  private inSavepoint(w: Waiting): Outcome {
    // SQLite may roll the whole transaction back on some errors (SQLITE_FULL): nothing more is
    // written outside it, and its COMMIT then fails for the whole group
    if (!inTransaction(this.store)) return { ok: false, error: new Error('the group transaction was rolled back') };
    try {
      return { ok: true, value: transaction(this.store, () => w.write()) };
    } catch (err) {
      return { ok: false, error: asError(err) };
    }
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
