// `rebound ingest` into a shared store (PostgreSQL): the inputs are read in order and written in
// groups through the store port, each group one transaction (the port parses them and applies the
// policy in input order). A message already stored is a duplicate, as on SQLite: ingesting the
// same files twice changes nothing.
import type { StorePort } from '../store/port.js';
import { readInputs } from '../sources/files/read-inputs.js';
import type { IngestMeta } from '../pipeline/ingest.js';
import { type IngestSummary, type RunOptions, elapsed, emptySummary, finish, progressBar, stopBar, tally, unreadable } from './ingest.js';

/** messages per transaction: a round trip per group, not per message; small enough to hold little memory */
const GROUP = 200;

export async function ingestThroughPort(port: StorePort, paths: string[], opts: RunOptions = {}): Promise<IngestSummary> {
  const s = emptySummary();
  const t0 = process.hrtime.bigint();
  const bar = progressBar(opts);
  let group: Array<{ raw: Uint8Array; meta: IngestMeta }> = [];
  const write = async () => {
    const items = group;
    group = [];
    for (const r of await port.ingestGroup(items)) tally(s, { ...r, kind: r.duplicate ? null : r.kind });
    bar?.update(s.messages, { speed: Math.round(s.messages / elapsed(t0)) });
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
  } finally {
    stopBar(bar, s, t0);
  }
  return finish(s, t0);
}
