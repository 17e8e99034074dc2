// `rebound classify REPLY`: what Rebound makes of an SMTP reply a sender's MTA was given (the
// reason, hard or soft, what to do), by the classification every bounce goes through. Text by
// default, one JSON object with --json. Stores nothing (POST /v1/classify records, when asked).
import type { Command } from 'commander';
import { replyInput } from '../parse/events/reply.js';
import { classifyReply } from '../pipeline/classify-reply.js';
import { reportErrors } from './common.js';
import { classifierOf } from './classifier-of.js';

interface ClassifyOptions {
  json?: boolean;
  command?: string;
  remoteMta?: string;
}

export function registerClassify(program: Command): Command {
  return program
    .command('classify')
    .description("classify an SMTP reply your MTA was given while sending (\"550 5.1.1 user unknown\"): reason, hard or soft, what to do")
    .argument('<reply...>', 'the reply, as the server gave it (quoted, or as several words)')
    .option('--command <cmd>', 'the SMTP command it answered: CONN, EHLO, MAIL, RCPT, DATA, ...')
    .option('--remote-mta <host>', 'the server that gave it')
    .option('--json', 'print one JSON object')
    .action(reportErrors(async (words: string[], opts: ClassifyOptions, cmd: Command) => {
      const r = replyInput.safeParse({ reply: words.join(' '), command: opts.command, remoteMta: opts.remoteMta });
      if (!r.success) {
        const issue = r.error.issues[0]!;
        const what = issue.path[0] === 'command' ? '--command' : issue.path[0] === 'remoteMta' ? '--remote-mta' : 'the reply';
        throw new Error(`${what}: ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`);
      }
      const v = classifyReply(r.data, await classifierOf(cmd));
      if (opts.json) {
        process.stdout.write(JSON.stringify(v) + '\n');
        return;
      }
      const codes = [v.smtpCode, v.status].filter((c) => c !== null).join(' ') || '-';
      process.stdout.write(
        [
          `${codes}  ${v.type ?? '-'}  ${v.reason}${v.temporary ? '  (temporary: retried by the MTA)' : ''}`,
          `  Action:  ${v.action}`,
          `  Advice:  ${v.advice}`,
        ].join('\n') + '\n',
      );
    }));
}
