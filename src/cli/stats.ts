// rebound stats: totals and breakdowns of what was ingested.
import type { Command } from 'commander';
import { formatStats, parseDimensions } from '../stats/stats.js';
import { list, parseIsoDate, printJson, withPort, reportErrors } from './common.js';

export function registerStats(program: Command): void {
  program
    .command('stats')
    .description('totals and breakdowns: by kind|reason|type|domain|provider|code|status|day, or crossed (provider+code)')
    .option('--json', 'print JSON (always has messages, bounces, suppressions)')
    .option('--since <iso-date>', 'only what was received at or after this date')
    .option('--by <dimensions>', 'one breakdown per value; comma-separated or repeated; a+b crosses two', list)
    .action(reportErrors(async (opts: { json?: boolean; since?: string; by?: string[] }, cmd: Command) => {
      const by = parseDimensions(opts.by ?? []);
      const since = opts.since ? parseIsoDate(opts.since) : undefined;
      const stats = await withPort(cmd, (ctx) => ctx.port.stats({ since, by }));
      if (opts.json) printJson(stats);
      else process.stdout.write(formatStats(stats));
    }));
}
