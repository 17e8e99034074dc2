// `rebound ingest` into a shared store (PostgreSQL): the inputs are read in order and written in
// groups through the store port, each group one transaction (the policy applied in input order).
// Each group is parsed on the parse threads while the group before it is written, then handed to
// the port parsed. A message already stored is a duplicate, as on SQLite: ingesting the same files
// twice changes nothing.
import type { PipelineContext } from '../pipeline/context.js';
import { readInputs } from '../sources/files/read-inputs.js';
import type { IngestMeta } from '../pipeline/ingest.js';
import { createParsePool } from '../pipeline/parse-pool.js';
import { type IngestSummary, type RunOptions, elapsed, emptySummary, finish, progressBar, stopBar, tally, unreadable } from './ingest.js';

/** messages per transaction: a round trip per group, not per message; small enough to hold little memory */
const GROUP = 200;

export async function ingestThroughPort(ctx: PipelineContext, paths: string[], opts: RunOptions = {}): Promise<IngestSummary> {
  const port = ctx.port;
  const s = emptySummary();
  const t0 = process.hrtime.bigint();
  const bar = progressBar(opts);
  const pool = createParsePool(opts.workers, { classifier: ctx.store.classifier });
  let group: Array<{ raw: Uint8Array; meta: IngestMeta }> = [];
  /** the group being written (the one before is done) */
  let writing: Promise<void> = Promise.resolve();
  const write = async () => {
    const items = group;
    group = [];
    // the bytes are kept (copied to the parse thread): they are written after the parse
    const parsed = pool.parseAll(items.map((i) => ({ raw: i.raw, format: null })));
    await writing; // in input order: the policy depends on it
    writing = parsed.then(async (list) => {
      for (const r of await port.ingestGroup(items.map((item, i) => ({ ...item, parsed: list[i]! })))) tally(s, { ...r, kind: r.duplicate ? null : r.kind });
      bar?.update(s.messages, { speed: Math.round(s.messages / elapsed(t0)) });
    });
    writing.catch(() => {}); // its failure is thrown where it is awaited: the next group, or the end
  };
  try {
    for await (const item of readInputs(paths, { maxMessageBytes: opts.maxMessageBytes, onSkip: opts.onSkip })) {
      if (!item.ok) {
        unreadable(s, item);
        continue;
      }
      group.push({ raw: item.raw, meta: { source: item.source, sourceRef: item.ref, receivedAt: item.receivedAt } });
      if (group.length >= GROUP) await write();
    }
    if (group.length) await write();
    await writing;
  } finally {
    await writing.catch(() => {}); // a read that failed: the group in hand is still written, then the pool closed
    await pool.close();
    stopBar(bar, s, t0);
  }
  return finish(s, t0);
}
