// The active suppressions, filtered, in one of the export layouts.
import type { PipelineContext } from '../pipeline/context.js';
import type { SuppressionType } from '../store/schema.js';
import type { ExportFormat } from './formats.js';
import { exportChunks } from './stream.js';

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

/** The whole export as one text (never split into files), read through the context's store port. */
export async function exportSuppressions(ctx: PipelineContext, input: Omit<ExportOptions, 'at'> & { at?: Date }): Promise<{ text: string; count: number }> {
  const opts = { ...input, at: input.at ?? ctx.now() };
  const chunks = exportChunks(ctx.port, opts);
  let text = '';
  for (;;) {
    const next = await chunks.next();
    if (next.done) return { text, count: next.value };
    text += next.value;
  }
}
