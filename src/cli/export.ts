// rebound export: the active suppressions in one of the layouts, to stdout or atomically to a file.
import type { Command } from 'commander';
import { FORMATS, formatNamed } from '../export/formats.js';
import { exportSuppressions } from '../export/export.js';
import { atomicPart, writeExportParts } from '../export/parts.js';
import type { SuppressionType } from '../store/schema.js';
import { list, parseIsoDate, withPort, reportErrors } from './common.js';

const TYPES: SuppressionType[] = ['hard', 'soft', 'complaint', 'manual'];

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write the active suppressions')
    .option('--format <format>', FORMATS.join('|'), 'txt')
    .option('--type <types>', 'only these types: hard,soft,complaint,manual (default all)', list)
    .option('--since <iso-date>', 'only suppressions that started at or after this date')
    .option('--domain <domain>', 'only addresses at this domain')
    .option('--out <file>', 'write to this file (atomically) instead of standard output')
    .action(reportErrors(async (opts: { format: string; type?: string[]; since?: string; domain?: string; out?: string }, cmd: Command) => {
      const format = formatNamed(opts.format);
      if (!format) throw new Error(`unknown --format ${opts.format} (one of ${FORMATS.join(', ')})`);
      const types = opts.type?.map((t) => {
        if (!(TYPES as string[]).includes(t)) throw new Error(`unknown --type ${t} (one of ${TYPES.join(', ')})`);
        return t as SuppressionType;
      });
      const since = opts.since ? parseIsoDate(opts.since) : undefined;
      const options = { format, types, since, domain: opts.domain };
      if (opts.out) {
        const out = opts.out;
        const r = await withPort(cmd, (ctx) => writeExportParts(ctx.port, { ...options, at: ctx.now() }, out, atomicPart));
        const where = r.paths.length > 1 ? `${r.paths.length} files (${r.paths.join(', ')})` : out;
        process.stderr.write(`${r.count} suppressions written to ${where}\n`);
      } else {
        const { text } = await withPort(cmd, (ctx) => exportSuppressions(ctx, options));
        process.stdout.write(text);
      }
    }));
}
