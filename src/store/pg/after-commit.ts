// What a PostgreSQL write tells once its transaction has committed, as the SQLite observers do
// after theirs (events/wire.ts): the counts for the metrics, and the drain loop's nudge.
import type { WrittenSummary } from '../../events/wire.js';
import type { PgPortContext } from './context.js';

export interface AfterCommit {
  summary: WrittenSummary | null;
  /** webhook events were queued */
  queued: boolean;
  /** a person suppressed an address (a new suppression, or a soft one made manual) */
  manualSuppressed?: boolean;
}

export function emitCounts(ctx: PgPortContext, after: readonly AfterCommit[]): void {
  let queued = false;
  for (const a of after) {
    if (a.summary) ctx.counts?.recordWritten(a.summary);
    if (a.manualSuppressed) ctx.counts?.manualSuppressed?.();
    queued ||= a.queued;
  }
  if (queued && ctx.onQueued) setImmediate(ctx.onQueued);
}
