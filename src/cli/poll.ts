// rebound poll --once: one pass over every configured IMAP mailbox, for cron. The mailboxes are the
// configuration's `imap` section (REBOUND_IMAP_* variables: the first mailbox). Each mailbox is
// polled on its own: one that fails does not stop the others. Exit status: 0 when every mailbox
// was read, 1 when one failed, 2 for settings that cannot be used.
import type { Command } from 'commander';
import type { MailboxConfig } from '../config/imap.js';
import { describeError, pollOnce, pollerParsePool, type DrainResult } from '../sources/imap/index.js';
import type { PipelineContext } from '../pipeline/context.js';
import { printJson, reportErrors, withPort } from './common.js';
import { settings } from './settings.js';

export type PollOutcome = { mailbox: string; ok: true; result: DrainResult } | { mailbox: string; ok: false; error: string };

export function registerPoll(program: Command): void {
  program
    .command('poll')
    .description('fetch bounces from the configured IMAP mailboxes ([[imap]] in the configuration file, or REBOUND_IMAP_* for one)')
    .option('--once', 'one pass over each mailbox, then exit (for cron)')
    .option('--json', 'print the results as JSON')
    .action(
      reportErrors(async (opts: { once?: boolean; json?: boolean }, cmd: Command) => {
        if (!opts.once) throw new Error('rebound poll runs with --once (one pass, for cron); `rebound serve` is the long-running poller');
        // a setting that cannot be used ends the process there, exit status 2
        const mailboxes = settings(cmd).imap;
        if (mailboxes.length === 0) {
          throw new Error('no IMAP mailbox configured: add an [[imap]] table to the configuration file, or set REBOUND_IMAP_HOST, REBOUND_IMAP_USER and REBOUND_IMAP_PASS (or REBOUND_IMAP_ACCESS_TOKEN, REBOUND_IMAP_ACCESS_TOKEN_COMMAND or REBOUND_IMAP_ACCESS_TOKEN_FILE)');
        }
        // the default FULL synchronous mode: a message is moved only once its commit is durable
        const outcomes = await withPort(cmd, (ctx) => pollAll(ctx, mailboxes), { create: true });
        if (opts.json) printJson(outcomes);
        else process.stdout.write(outcomes.map(formatOutcome).join('\n') + '\n');
        if (outcomes.some((o) => !o.ok)) process.exitCode = 1;
      }),
    );
}

export async function pollAll(ctx: PipelineContext, mailboxes: readonly MailboxConfig[]): Promise<PollOutcome[]> {
  // one parse thread for every mailbox, for the whole run
  const parser = pollerParsePool(ctx);
  try {
    return await Promise.all(
      mailboxes.map(async (cfg): Promise<PollOutcome> => {
        try {
          return { mailbox: cfg.name, ok: true, result: await pollOnce(ctx, cfg, { parser }) };
        } catch (err) {
          // said once, in the command's output
          return { mailbox: cfg.name, ok: false, error: describeError(err) };
        }
      }),
    );
  } finally {
    await parser.close();
  }
}

function formatOutcome(o: PollOutcome): string {
  if (!o.ok) return `${o.mailbox}: failed: ${o.error}`;
  const r = o.result;
  return (
    `${o.mailbox}: ${r.messages} messages (${r.new} new, ${r.duplicates} duplicates), ${r.acted} acted on, ` +
    `${r.left} left in place, ${r.oversize} over the size cap${r.resynced ? ', UIDVALIDITY changed: resynced' : ''}`
  );
}
