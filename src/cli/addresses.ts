// rebound suppress | unsuppress | check | show ADDRESS.
import type { Command } from 'commander';
import type { CheckResult } from '../policy/check.js';
import { presentCheck, presentHistory } from '../present/address.js';
import { printJson, withPort, reportErrors } from './common.js';

export function registerSuppress(program: Command): void {
  program
    .command('suppress')
    .description('suppress an address by hand')
    .argument('<address>')
    .requiredOption('--reason <text>', 'why')
    .action(reportErrors(async (address: string, opts: { reason: string }, cmd: Command) => {
      const reason = why('--reason', opts.reason);
      const r = await withPort(cmd, (ctx) => ctx.port.suppress(address, reason, ctx.now(), 'cli'), { create: true });
      const s = r.suppression;
      if (r.outcome === 'already') process.stdout.write(`${r.address} was already suppressed: ${s.type} (${s.reason}) since ${s.suppressed_at}\n`);
      else process.stdout.write(`${r.address} suppressed (manual: ${s.reason})\n`);
    }));
}

/** The text kept with a manual action: as the HTTP API takes it (trimmed, 1 to 1000 characters). */
function why(option: string, text: string): string {
  const t = text.trim();
  if (!t) throw new Error(`${option} is empty: say why (it is kept with the address's history)`);
  if (t.length > WHY_MAX) throw new Error(`${option} is longer than ${WHY_MAX} characters`);
  return t;
}

const WHY_MAX = 1000;

export function registerUnsuppress(program: Command): void {
  program
    .command('unsuppress')
    .description('lift the suppression of an address (its soft-bounce count starts again)')
    .argument('<address>')
    .requiredOption('--note <text>', 'why')
    .action(reportErrors(async (address: string, opts: { note: string }, cmd: Command) => {
      const note = why('--note', opts.note);
      const r = await withPort(cmd, (ctx) => ctx.port.unsuppress(address, note, ctx.now(), 'cli'));
      process.stdout.write(r.lifted ? `${r.address} is no longer suppressed\n` : `${r.address} was not suppressed\n`);
    }));
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('may we send to this address? exit status 0 when sendable, 1 when suppressed')
    .argument('<address>')
    .option('--json', 'print JSON')
    .action(reportErrors(async (address: string, opts: { json?: boolean }, cmd: Command) => {
      const r = await withPort(cmd, (ctx) => ctx.port.check(address, ctx.now()));
      if (opts.json) printJson(presentCheck(r));
      else process.stdout.write(describeCheck(r));
      process.exitCode = r.sendable ? 0 : 1;
    }));
}

export function describeCheck(r: CheckResult): string {
  const name = r.unicode === r.address ? r.address : `${r.address} (${r.unicode})`;
  const lines: string[] = [];
  const s = r.suppression;
  if (s) {
    lines.push(`${name}: suppressed, ${s.type} (${s.reason}) since ${s.suppressed_at}`);
    lines.push(`  ${s.event_count} event(s), last ${s.last_event_at}${s.expires_at ? `, expires ${s.expires_at}` : ''}`);
  } else {
    lines.push(`${name}: sendable`);
  }
  if (r.soft && r.soft.events.length) {
    lines.push(`  soft bounces in the window: ${r.soft.events.length} (last ${r.soft.lastReason} at ${r.soft.lastEventAt})`);
  }
  if (r.senderBlocks.length) {
    lines.push(`  note: this domain blocked the sender recently: ${r.senderBlocks.map((b) => `${b.reason} ${b.count}`).join(', ')}`);
  }
  return lines.join('\n') + '\n';
}

export function registerShow(program: Command): void {
  program
    .command('show')
    .description('the full history of an address: records, suppressions, manual actions')
    .argument('<address>')
    .option('--json', 'print JSON')
    .action(reportErrors(async (address: string, opts: { json?: boolean }, cmd: Command) => {
      const h = await withPort(cmd, (ctx) => ctx.port.history(address, ctx.now()));
      if (opts.json) return printJson(presentHistory(h));
      const out = [describeCheck(h).trimEnd()];
      out.push('', `records (${h.records.length})`);
      for (const b of h.records) {
        const code = [b.smtp_code, b.status].filter((x) => x !== null).join(' ');
        out.push(`  ${b.event_at}  ${b.kind}  ${b.type ?? '-'}  ${b.reason}${code ? `  ${code}` : ''}  ${b.source}:${b.source_ref ?? ''}`);
        if (b.diagnostic) out.push(`      ${b.diagnostic.slice(0, 160)}`);
        if (b.rule) out.push(`      decided by ${b.rule}`);
      }
      out.push('', `suppressions (${h.suppressions.length})`);
      for (const s of h.suppressions) {
        const end = s.lifted_at ? `lifted ${s.lifted_at}${s.note ? ` (${s.note})` : ''}` : s.expires_at ? `expires ${s.expires_at}` : 'active';
        out.push(`  ${s.suppressed_at}  ${s.type} (${s.reason})  ${s.event_count} event(s)  ${end}`);
      }
      if (h.manual.length) {
        out.push('', `manual actions (${h.manual.length})`);
        for (const m of h.manual) out.push(`  ${m.at}  ${m.action}  ${m.text ?? ''}`);
      }
      process.stdout.write(out.join('\n') + '\n');
    }));
}
