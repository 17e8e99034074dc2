// `rebound explain CODE...`: what an SMTP reply code (550) or an enhanced status code (5.7.26)
// means, whether it is temporary or permanent, and what the sender should do. Text by default, or
// one JSON object per line per code with --json. Every input is printed, unrecognised ones too
// (kind "unknown"); the exit status is 1 when any input was not recognised, else 0.
import type { Command } from 'commander';
import { explainCode, formatExplanation } from '../classify/explain.js';

interface ExplainOptions {
  json?: boolean;
}

/** `550,5.7.26` or `"550 5.7.26"` (a pasted reply) count as two codes. */
function splitCodes(args: string[]): string[] {
  return args.flatMap((a) => {
    const parts = a.split(/[\s,]+/).filter(Boolean);
    return parts.length ? parts : [a];
  });
}

export function registerExplain(program: Command): Command {
  return program
    .command('explain')
    .description('explain SMTP reply codes (550) and enhanced status codes (5.7.26): meaning, temporary or permanent, what to do')
    .argument('<codes...>', 'codes to explain, e.g. 550 5.7.26 4.2.2')
    .option('--json', 'print one JSON object per line per code')
    .action((codes: string[], opts: ExplainOptions) => {
      const explanations = splitCodes(codes).map((c) => explainCode(c));
      const out = opts.json
        ? explanations.map((e) => JSON.stringify(e)).join('\n')
        : explanations.map((e) => formatExplanation(e)).join('\n\n');
      process.stdout.write(out + '\n');
      if (explanations.some((e) => e.kind === 'unknown')) process.exitCode = 1;
    });
}
