// The active suppressions, filtered, in one of the export layouts.
import { domainKey } from '../address.js';
import type { PipelineContext } from '../pipeline/context.js';
import type { SuppressionType } from '../store/schema.js';
import { listActiveSuppressions } from '../store/suppressions.js';
import { type ExportFormat, formatSuppressions } from './formats.js';

export interface ExportOptions {
  format: ExportFormat;
  /** default: all types */
  types?: SuppressionType[];
  /** only suppressions that started at or after this time */
  since?: Date;
  /** only this recipient domain (either IDN form) */
  domain?: string;
  /** active at this time; default the context's clock */
  at?: Date;
}

export async function exportSuppressions(ctx: PipelineContext, opts: ExportOptions): Promise<{ text: string; count: number }> {
  const rows = await listActiveSuppressions(ctx.store, {
    at: (opts.at ?? ctx.now()).toISOString(),
    types: opts.types,
    since: opts.since?.toISOString(),
    domain: opts.domain ? domainKey(opts.domain) : undefined,
  });
  return { text: formatSuppressions(opts.format, rows), count: rows.length };
}
