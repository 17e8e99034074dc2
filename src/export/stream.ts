// The active suppressions in one of the layouts, a page at a time: for the HTTP export (streamed)
// and the files (`--out`, scheduled), which may hold a million rows, read through the store port
// (SQLite or the shared PostgreSQL store). Between pages the event loop runs, so other requests are served meanwhile. Pages are read one after another, not as one
// snapshot: a suppression that changes during the export may be in it or not, and is in the next one.
import { domainKey } from '../address.js';
import type { ActiveFilter, PagePosition } from '../store/suppressions.js';
import type { ExportOptions } from './export.js';
import { causeOf, causesFor, type ExportSource, layoutOf, type Layout } from './formats.js';
import type { Cause } from '../store/causes.js';
import { presentSuppression, type SuppressionJson } from '../present/suppression.js';

/** rows per page: small enough that a page holds the event loop for a few milliseconds only */
export const EXPORT_PAGE = 1_000;

/**
 * What the store is asked for: the options' filters, and only the types the layout's list holds;
 * null when no type is left (`--type soft` for Mailgun's bounces list): nothing matches.
 */
export function activeFilter(opts: ExportOptions, layout: Layout = layoutOf(opts.format)): ActiveFilter | null {
  const types = layout.types ? (opts.types ?? layout.types).filter((t) => layout.types!.includes(t)) : opts.types;
  if (types && types.length === 0) return null;
  return {
    at: opts.at.toISOString(),
    types,
    since: opts.since?.toISOString(),
    domain: opts.domain ? domainKey(opts.domain) : undefined,
  };
}

/** The rows of the export, each rendered by `render(record, cause)`, a page at a time. */
export async function* exportPages<T>(
  source: ExportSource,
  opts: ExportOptions,
  render: (r: SuppressionJson, cause: Cause | null) => T,
  pageSize = EXPORT_PAGE,
): AsyncGenerator<T[]> {
  const layout = layoutOf(opts.format);
  const filter = activeFilter(opts, layout);
  if (!filter) return;
  let after: PagePosition | null = null;
  for (;;) {
    const rows = await source.suppressionsPage(filter, after, pageSize);
    const causes = await causesFor(source, layout, rows);
    if (rows.length) yield rows.map((r) => render(presentSuppression(r), causeOf(r, causes)));
    if (rows.length < pageSize) break;
    const last = rows[rows.length - 1]!;
    after = { address: last.address, id: last.id };
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The export as one text, never split (stdout, HTTP), a chunk per page; returns the number of rows. */
export async function* exportChunks(source: ExportSource, opts: ExportOptions, pageSize = EXPORT_PAGE): AsyncGenerator<string, number> {
  const layout = layoutOf(opts.format);
  if (layout.head) yield layout.head;
  let count = 0;
  for await (const page of exportPages(source, opts, (r, cause) => layout.row(r, count++, cause), pageSize)) yield page.join('');
  const tail = layout.tail(count);
  if (tail) yield tail;
  return count;
}
