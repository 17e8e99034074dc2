// Requests that arrive together are committed together. A service posts batches over several
// connections at once; each request's events are written in a savepoint of one shared transaction,
// and every request is answered once that transaction has committed. The commit (its fsync and the
// pages it writes: indexes, roll-ups) is paid once for the group instead of once per request.
// A request whose writes fail rolls back its own savepoint and gets its error; the others commit.
// Should the commit itself fail, every request of the group gets that error (nothing was stored).
import type { Store } from '../../store/open.js';
import { inTransaction, transaction } from '../../store/sync.js';

interface Waiting {
  work: () => unknown;
  resolve: (v: unknown) => void;
  reject: (err: unknown) => void;
}

export type GroupCommit = <T>(work: () => T) => Promise<T>;

/** `work` runs inside a transaction with the work of the other requests of this turn of the event loop. */
export function groupCommit(store: Store): GroupCommit {
  let queue: Waiting[] = [];
  const flush = () => {
    const group = queue;
    queue = [];
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; err: unknown }> = [];
    try {
      transaction(store, () => {
        for (const w of group) {
          // SQLite may roll the whole transaction back on some errors (SQLITE_FULL): then nothing
          // more is written outside it, and the COMMIT fails for the whole group
          if (!inTransaction(store)) {
            outcomes.push({ ok: false, err: new Error('the group transaction was rolled back') });
            continue;
          }
          try {
            outcomes.push({ ok: true, value: transaction(store, w.work) });
          } catch (err) {
            outcomes.push({ ok: false, err });
          }
        }
      });
    } catch (err) {
      // after a rollback the COMMIT's own error ("no transaction is active") says less than the cause
      const first = outcomes.find((o) => !o.ok);
      const cause = first && !first.ok ? first.err : err;
      group.forEach((w, i) => {
        const o = outcomes[i];
        w.reject(o && !o.ok ? o.err : cause);
      });
      return;
    }
    group.forEach((w, i) => {
      const o = outcomes[i]!;
      if (o.ok) w.resolve(o.value);
      else w.reject(o.err);
    });
  };
  return <T>(work: () => T) =>
    new Promise<T>((resolve, reject) => {
      // after the I/O callbacks of this turn: the other requests that arrived with this one join it
      if (queue.length === 0) setImmediate(flush);
      queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
    });
}
