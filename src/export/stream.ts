// The active suppressions in one of the layouts, a page at a time: for the HTTP export (streamed)
// and the scheduled files, which may hold a million rows. Between pages the event loop runs, so
// other requests are served meanwhile. Pages are read one after another, not as one snapshot: a
// suppression that changes during the export may be in it or not, and is in the next one.
import { domainKey } from '../address.js';
import type { StorePort } from '../store/port.js';
import type { PagePosition } from '../store/suppressions.js';
import type { ExportOptions } from './export.js';
import { layoutOf, toRecord } from './formats.js';

/** rows per page: small enough that a page holds the event loop for a few milliseconds only */
export const EXPORT_PAGE = 1_000;

/** `opts.at`: the caller's clock (the store has none) */
export async function* exportChunks(port: StorePort, opts: ExportOptions & { at: Date }, pageSize = EXPORT_PAGE): AsyncGenerator<string> {
  const layout = layoutOf(opts.format);
  const filter = {
    at: opts.at.toISOString(),
    types: opts.types,
    since: opts.since?.toISOString(),
    domain: opts.domain ? domainKey(opts.domain) : undefined,
  };
  if (layout.head) yield layout.head;
  let after: PagePosition | null = null;
  let count = 0;
  for (;;) {
    const rows = await port.suppressionsPage(filter, after, pageSize);
    if (rows.length) yield rows.map((r) => layout.row(toRecord(r), count++)).join('');
    if (rows.length < pageSize) break;
    const last = rows[rows.length - 1]!;
    after = { address: last.address, id: last.id };
    await new Promise((resolve) => setImmediate(resolve));
  }
  const tail = layout.tail(count);
  if (tail) yield tail;
}
