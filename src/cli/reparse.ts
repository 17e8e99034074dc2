// rebound reparse: read stored messages again with the current parser and say what changed.
import type { Command } from 'commander';
import { PARSER_VERSION } from '../parse/version.js';
import { printJson, withPort, reportErrors } from './common.js';

export function registerReparse(program: Command): void {
  program
    .command('reparse')
    .description(`parse stored messages again (default: those read by a parser other than version ${PARSER_VERSION})`)
    .option('--all', 'every stored message')
    .option('--failed', 'only the messages the parser could not read')
    .option('--json', 'print the changes as JSON')
    .action(reportErrors(async (opts: { all?: boolean; failed?: boolean; json?: boolean }, cmd: Command) => {
      if (opts.all && opts.failed) throw new Error('--all and --failed exclude each other');
      const selection = opts.all ? 'all' : opts.failed ? 'failed' : 'outdated';
      const result = await withPort(cmd, (ctx) => ctx.port.reparse(selection));
      if (opts.json) return printJson(result);
      const out: string[] = [];
      for (const m of result.changed) {
        out.push(`message ${m.messageId}${m.ref ? ` (${m.ref})` : ''}`);
        for (const c of m.changes) out.push(`  ${c}`);
      }
      for (const s of result.suppressions) out.push(`${s.address}: ${s.before ?? 'not suppressed'} -> ${s.after ?? 'not suppressed'}`);
      out.push(`${result.messages} messages read again, ${result.changed.length} changed, ${result.suppressions.length} suppressions changed`);
      process.stdout.write(out.join('\n') + '\n');
    }));
}
