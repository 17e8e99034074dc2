// rebound status: the hosts sharing the store (heartbeats), the spool backlog and the webhook outbox,
// the IMAP pollers' leases and the scheduled exports' leader. Exit status 0 with the answer, 2 when
// the store cannot be read.
import type { Command } from 'commander';
import { printJson, reportErrors, withPort } from './common.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('the serve hosts sharing the store (alive, stale, stopped), spool backlog, outbox depth, IMAP pollers and their leases, the exports leader')
    .option('--json', 'print JSON (the shape of GET /v1/status)')
    .action(reportErrors(async (opts: { json?: boolean }, cmd: Command) => {
      const { readStatus, formatStatus } = await import('../cluster/status.js');
      const status = await withPort(cmd, (ctx) => readStatus(ctx.port, ctx.now()));
      if (opts.json) printJson(status);
      else process.stdout.write(formatStatus(status));
    }));
}
