// `rebound subscriptions`: the SNS subscription confirmations received for SES topics and their
// state; a `pending` or `failed` one is confirmed by opening its SubscribeURL (docs/events.md).
import type { Command } from 'commander';
import { printJson, reportErrors, withPort } from './common.js';

export function registerSubscriptions(program: Command): Command {
  return program
    .command('subscriptions')
    .description('list the SNS subscription confirmations received for SES topics (pending ones wait for you to open their SubscribeURL)')
    .option('--json', 'print JSON')
    .action(reportErrors(async (opts: { json?: boolean }, cmd: Command) => {
      const items = await withPort(cmd, (ctx) => ctx.port.subscriptions());
      if (opts.json) return printJson({ items });
      if (!items.length) return void process.stdout.write('no SNS subscription confirmations received\n');
      for (const s of items) {
        process.stdout.write(`${s.topic_arn}  ${s.state}  received ${s.received_at}${s.confirmed_at ? `  confirmed ${s.confirmed_at}` : ''}${s.error ? `  error: ${s.error}` : ''}\n`);
        if (s.state !== 'confirmed') process.stdout.write(`  confirm: ${s.subscribe_url}\n`);
      }
    }));
}
