// Group commit for writers that answer only once their writes are durable (the events endpoint:
// a 2xx after the commit). Writes handed in during one turn of the event loop run in one SQLite
// transaction, so requests that arrive together share one commit (one fsync) instead of queueing
// behind one each; each caller's promise settles after that commit. With others beside it, each
// write runs in a savepoint: one that throws is rolled back alone and rejects only its caller. A
// commit that fails rejects every caller of the group, and nothing of it is kept.
import type { Store } from '../store/open.js';
import { inTransaction, transaction } from '../store/sync.js';

interface Waiting {
  write(): unknown;
  resolve(v: unknown): void;
  reject(e: Error): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: Error };

export class SharedCommit {
  private queue: Waiting[] = [];
  private scheduled: NodeJS.Immediate | null = null;

  /** `maxGroup`: the writes of one transaction at most (the ones after wait for the next turn) */
  constructor(
    private readonly store: Store,
    private readonly maxGroup = 16,
  ) {}

  /** Run `write` (synchronous, on this store's connection) in the next group; settles after its commit. */
  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, resolve: resolve as (v: unknown) => void, reject });
      this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    this.scheduled = null;
    const group = this.queue.splice(0, this.maxGroup);
    if (this.queue.length) this.scheduled = setImmediate(() => this.flush());
    let outcomes: Outcome[];
    try {
      outcomes = transaction(this.store, () => (group.length === 1 ? [{ ok: true, value: group[0]!.write() }] : group.map((w) => this.inSavepoint(w))));
    } catch (err) {
      for (const w of group) w.reject(asError(err));
      return;
    }
    group.forEach((w, i) => {
      const o = outcomes[i]!;
      if (o.ok) w.resolve(o.value);
      else w.reject(o.error);
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
