// `rebound rules test|list|check`: what the classifier decides for a server's reply and which rule
// fired, the rules it holds, and whether a rule file is good (exit 2 naming the line when not).
import type { Command } from 'commander';
import { splitDiagnostic } from '../smtp-codes/reply-text.js';
import { findAddresses } from '../parse/text-tools.js';
import { type Classifier, createClassifier } from '../classify/classifier.js';
import { listRules } from '../classify/rule-list.js';
import { loadRuleFiles, readRuleFile } from '../config/rule-files.js';
import { canonicalReason, REASON_NAMES, SMTP_COMMANDS } from '../vocabulary/index.js';
import { list, printJson, reportErrors } from './common.js';
import { classifierOf } from './classifier-of.js';

export function registerRules(program: Command): void {
  const rules = program.command('rules').description('the classification rules: try them on a reply, list them, check a rule file');

  rules
    .command('test')
    .description('the reason, the bounce type and the rule that fired for a server reply')
    .argument('<reply>', 'the reply, e.g. "550 5.1.1 <a@x.example>: user unknown"')
    .option('--command <stage>', `the SMTP stage it answered (${SMTP_COMMANDS.join(', ')})`)
    .option('--remote-mta <host>', 'the server that answered')
    .option('--status <code>', 'the enhanced status, when the reply does not carry it')
    .option('--rules <file>', 'use these rule files instead of the configured ones (repeat or comma-separate)', list)
    .option('--json', 'print JSON')
    .action(reportErrors(async (reply: string, opts: { command?: string; remoteMta?: string; status?: string; rules?: string[]; json?: boolean }, cmd: Command) => {
      const command = opts.command?.toUpperCase();
      if (command && !(SMTP_COMMANDS as readonly string[]).includes(command)) throw new Error(`--command: expected one of ${SMTP_COMMANDS.join(', ')}`);
      const classifier = await chosen(cmd, opts.rules);
      const split = splitDiagnostic(reply);
      const status = opts.status ?? split.status;
      const temporary = status ? status.startsWith('4') : split.smtpCode !== null && split.smtpCode < 500;
      const input = {
        status,
        smtpCode: split.smtpCode,
        diagnostic: split.text || null,
        action: temporary ? ('delayed' as const) : ('failed' as const),
        command: command ?? null,
        remoteMta: opts.remoteMta ?? null,
        address: findAddresses(reply)[0] ?? null,
      };
      const c = classifier.classify(input);
      const rule = listRules(classifier).find((r) => r.id === c.rule);
      if (opts.json) return printJson({ ...c, match: rule?.match ?? null, input });
      const lines = [`reason  ${c.reason}`, `type    ${c.type ?? '-'}`, `rule    ${c.rule}${rule ? `  ${rule.match}` : ''}`];
      if (rule?.when.length) lines.push(`        ${rule.when.join('; ')}`);
      process.stdout.write(lines.join('\n') + '\n');
    }));

  rules
    .command('list')
    .description('every rule, in the order they are tried (user provider codes, built-in providers, user phrases, built-in reasons)')
    .option('--reason <name>', 'only the rules that name this reason (an older name is taken as its current one)')
    .option('--rules <file>', 'use these rule files instead of the configured ones (repeat or comma-separate)', list)
    .option('--json', 'print JSON')
    .action(reportErrors(async (opts: { reason?: string; rules?: string[]; json?: boolean }, cmd: Command) => {
      const reason = opts.reason === undefined ? undefined : canonicalReason(opts.reason);
      if (reason === null) throw new Error(`--reason: unknown reason '${opts.reason}' (one of: ${REASON_NAMES.join(', ')})`);
      const all = listRules(await chosen(cmd, opts.rules)).filter((r) => !reason || r.reason === reason);
      if (opts.json) return printJson(all);
      const out = all.map((r) => `${r.id}  ${r.reason}  ${r.match}${r.when.length ? `  (${r.when.join('; ')})` : ''}`);
      process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
    }));

  rules
    .command('check')
    .description('read rule files as `serve` would: exit 2 naming the file, the line and what is wrong')
    .argument('<files...>')
    .action(reportErrors(async (files: string[]) => {
      for (const f of files) {
        const r = readRuleFile(f);
        const codes = r.providers.reduce((n, p) => n + p.codes.length, 0);
        process.stdout.write(`${f}: ${r.phrases.length} phrase(s), ${r.providers.length} provider table(s) with ${codes} code(s)\n`);
      }
    }));
}

async function chosen(cmd: Command, files: string[] | undefined): Promise<Classifier> {
  return files ? createClassifier(loadRuleFiles(files)) : classifierOf(cmd);
}
