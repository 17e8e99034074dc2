// `rebound parse [--json] [--unknown] [--workers N] PATH...`: what Rebound reads in each message,
// without storing anything. Directories are walked, mbox files split (their messages are `path#N`).
import { once } from 'node:events';
import type { Command } from 'commander';
import { readInputs } from '../sources/files/read-inputs.js';
import { maxMessageBytes, maxMessageBytesOption, noteSkipped, reportErrors, workerCount, workersOption } from './options.js';
import { classifierOf } from './classifier-of.js';
import { type RenderStyle, parseAndRender } from './parse-render.js';
import { orderedParse } from './parse-threads.js';

export function registerParse(program: Command): void {
  program
    .command('parse')
    .description('parse bounce messages (files, directories, mbox) and print what they say')
    .argument('<paths...>', 'files, directories (walked recursively), mbox files, or - for standard input')
    .option('--json', 'one JSON object per message per line')
    .option('--unknown', 'only the messages Rebound could not classify (no recipient, or reason undefined/onhold)')
    // none by default: on two cores a thread made a long run 1.2× as fast for about 20% more CPU
    // and 40 MB more memory (each thread warms up its own copy of the parser)
    .addOption(workersOption(0, 'parse threads beside the main thread, which parses too (default 0)'))
    .addOption(maxMessageBytesOption())
    .action(reportErrors(async (paths: string[], opts: { json?: boolean; unknown?: boolean; workers: string; maxMessageBytes: string }, cmd: Command) => {
      const max = maxMessageBytes(opts.maxMessageBytes);
      const threads = workerCount(opts.workers);
      const classifier = await classifierOf(cmd);
      const style: RenderStyle = { json: !!opts.json, unknown: !!opts.unknown };
      let failed = 0;
      // the output goes in writes of about 64 KB, not one per message: a write to a pipe is a system
      // call, and for a small report it cost as much as reading its file
      let pending: Uint8Array[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        if (!pending.length) return;
        const chunk = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        // a pipe to a slower reader (jq, less) must hold the reading back, or the output piles up in memory
        if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
      };
      const parse = orderedParse({
        threads,
        data: { user: classifier.user, style },
        parseHere: (batch) => parseAndRender(batch, classifier, style),
        async write(bytes) {
          pending.push(bytes);
          pendingBytes += bytes.byteLength;
          if (pendingBytes >= 65536) await flush();
        },
        async fail(line) {
          await flush(); // what was read before it is said before it
          process.stderr.write(line);
        },
      });
      for await (const item of readInputs(paths, { maxMessageBytes: max, onSkip: noteSkipped })) {
        if (item.ok) await parse.add(item.ref, item.raw);
        else {
          failed++;
          await parse.fail(`rebound: cannot read ${item.ref}: ${item.error}\n`);
        }
      }
      await parse.end();
      await flush();
      if (failed) process.exitCode = 1;
    }));
}
