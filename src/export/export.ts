// The active suppressions, filtered, in one of the export layouts.
import type { Store } from '../store/open.js';
import type { SuppressionType } from '../store/schema.js';
import { listActiveSuppressions } from '../store/suppressions.js';
import { causesOf } from '../store/causes.js';
import { type ExportFormat, formatSuppressions, layoutOf } from './formats.js';
import { activeFilter } from './stream.js';

export interface ExportOptions {
  format: ExportFormat;
  /** default: all types */
  types?: SuppressionType[];
  /** only suppressions that started at or after this time */
  since?: Date;
  /** only this recipient domain (either IDN form) */
  domain?: string;
  /** active at this time; default the store's clock */
  at?: Date;
}

/** The whole export as one text (never split into files). */
export async function exportSuppressions(store: Store, opts: ExportOptions): Promise<{ text: string; count: number }> {
  const layout = layoutOf(opts.format);
  const filter = activeFilter(store, opts, layout);
  const rows = filter ? await listActiveSuppressions(store, filter) : [];
  const causes = layout.needsCause ? causesOf(store, rows.flatMap((r) => (r.bounce_id === null ? [] : [r.bounce_id]))) : new Map();
  return { text: formatSuppressions(opts.format, rows, causes), count: rows.length };
}
