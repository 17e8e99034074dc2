// The active suppressions, filtered, in one of the export layouts.
import type { PipelineContext } from '../pipeline/context.js';
import type { SuppressionType } from '../store/schema.js';
import { listActiveSuppressions } from '../store/suppressions.js';
import { type ExportFormat, causesFor, formatSuppressions, layoutOf } from './formats.js';
import { activeFilter } from './stream.js';

export interface ExportOptions {
  format: ExportFormat;
  /** default: all types */
  types?: SuppressionType[];
  /** only suppressions that started at or after this time */
  since?: Date;
  /** only this recipient domain (either IDN form) */
  domain?: string;
  /** active at this time (the caller's clock: the store has none) */
  at: Date;
}

/** The whole export as one text (never split into files). */
export async function exportSuppressions(ctx: PipelineContext, input: Omit<ExportOptions, 'at'> & { at?: Date }): Promise<{ text: string; count: number }> {
  const store = ctx.store;
  const opts = { ...input, at: input.at ?? ctx.now() };
  const layout = layoutOf(opts.format);
  const filter = activeFilter(store, opts, layout);
  const rows = filter ? await listActiveSuppressions(store, filter) : [];
  return { text: formatSuppressions(opts.format, rows, causesFor(store, layout, rows)), count: rows.length };
}
