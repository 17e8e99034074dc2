// `rebound parse [--json] [--unknown] PATH...`: what Rebound reads in each message, without storing
// anything. Directories are walked, mbox files split (their messages are `path#N`).
import { once } from 'node:events';
import type { Command } from 'commander';
// the parser entry: one bundled file in the build (scripts/bundle-parser.mjs)
import { parseBounce } from '../parser.js';
import type { BounceReport } from '../parse/types.js';
import { readInputs } from '../sources/files/read-inputs.js';
import { maxMessageBytes, maxMessageBytesOption, noteSkipped, reportErrors } from './options.js';
import { classifierOf } from './classifier-of.js';

export interface ParsedMessage extends BounceReport {
  source: string;
}

/** Could not be classified: no recipient, or a recipient without a reason Rebound knows. */
export function isUnknown(r: BounceReport): boolean {
  return r.recipients.length === 0 || r.recipients.some((x) => x.reason === 'undefined' || x.reason === 'onhold');
}

export function registerParse(program: Command): void {
  program
    .command('parse')
    .description('parse bounce messages (files, directories, mbox) and print what they say')
    .argument('<paths...>', 'files, directories (walked recursively), mbox files, or - for standard input')
    .option('--json', 'one JSON object per message per line')
    .option('--unknown', 'only the messages Rebound could not classify (no recipient, or reason undefined/onhold)')
    .addOption(maxMessageBytesOption())
    .action(reportErrors(async (paths: string[], opts: { json?: boolean; unknown?: boolean; maxMessageBytes: string }, cmd: Command) => {
      const max = maxMessageBytes(opts.maxMessageBytes);
      const classifier = await classifierOf(cmd);
      let failed = 0;
      // the output goes in writes of about 64 KB, not one per message: a write to a pipe is a system
      // call, and for a small report it cost as much as reading its file
      let pending = '';
      const flush = async () => {
        const chunk = pending;
        pending = '';
        // a pipe to a slower reader (jq, less) must hold the reading back, or the output piles up in memory
        if (chunk && !process.stdout.write(chunk)) await once(process.stdout, 'drain');
      };
      for await (const item of readInputs(paths, { maxMessageBytes: max, onSkip: noteSkipped })) {
        if (!item.ok) {
          failed++;
          await flush(); // what was read before it is said before it
          process.stderr.write(`rebound: cannot read ${item.ref}: ${item.error}\n`);
          continue;
        }
        const report = parseBounce(item.raw, classifier);
        if (opts.unknown && !isUnknown(report)) continue;
        const out: ParsedMessage = { source: item.ref, ...report };
        pending += opts.json ? JSON.stringify(out) + '\n' : formatReport(out);
        if (pending.length >= 65536) await flush();
      }
      await flush();
      if (failed) process.exitCode = 1;
    }));
}

function formatReport(r: ParsedMessage): string {
  const head = `${r.source}  ${r.kind}${r.format ? ` (${r.format})` : ''}${r.original?.messageId ? `  original ${r.original.messageId}` : ''}\n`;
  const rows = r.recipients.map((x) =>
    [
      '  ',
      x.address.padEnd(36),
      (x.action ?? '-').padEnd(9),
      (x.status ?? '-').padEnd(8),
      String(x.smtpCode ?? '-').padEnd(4),
      (x.type ?? '-').padEnd(5),
      x.reason.padEnd(16),
      (x.diagnostic ?? '').slice(0, 100),
    ].join(' '),
  );
  const problems = r.problems.length ? [`  problems: ${r.problems.join('; ')}`] : [];
  return head + [...rows, ...problems].map((l) => l + '\n').join('');
}
