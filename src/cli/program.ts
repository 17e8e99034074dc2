// The whole command line: every command with its options, and the CLI's conventions for
// commander's own errors. src/cli.ts runs it; tests read it (README describes every option).
import { Command, type HelpContext } from 'commander';
import { packageVersion } from '../version.js';
import { registerExplain } from './explain.js';
import { registerClassify } from './classify.js';
import { registerSubscriptions } from './subscriptions.js';
import { registerParse } from './parse.js';
import { registerGlobalOptions } from './common.js';
import { registerConfig } from './config.js';
import { registerServe } from './serve.js';
import { registerReturnPath } from './return-path.js';
import { registerIngest } from './ingest.js';
import { registerExport } from './export.js';
import { registerStats } from './stats.js';
import { registerReparse } from './reparse.js';
import { registerRules } from './rules.js';
import { registerMigrate } from './migrate.js';
import { registerStore } from './store.js';
import { registerPoll } from './poll.js';
import { registerSuppress, registerUnsuppress, registerCheck, registerShow } from './addresses.js';

export function buildProgram(): Command {
  const program = new Command('rebound');
  program.description('Bounce-message ingestion: parse, classify, store, suppress, export');
  program.version(packageVersion(), '-V, --version', 'print the version');
  // commander's own usage errors (unknown option or command, missing argument) follow the CLI's
  // convention: one line `rebound: ...` on standard error and exit status 2 (1 means an answer, such
  // as check's "suppressed"). Set before the commands are added: they copy these settings.
  program.exitOverride();
  program.configureOutput({ outputError: (text, write) => write(`rebound: ${text.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim()}\n`) });
  registerGlobalOptions(program);
  registerServe(program);
  registerConfig(program);
  registerReturnPath(program);
  registerParse(program);
  registerExplain(program);
  registerClassify(program);
  registerSubscriptions(program);
  registerIngest(program);
  registerExport(program);
  registerStats(program);
  registerReparse(program);
  registerRules(program);
  registerMigrate(program);
  registerStore(program);
  registerPoll(program);
  registerSuppress(program);
  registerUnsuppress(program);
  registerCheck(program);
  registerShow(program);
  oneLineWithoutCommand(program);
  return program;
}

/**
 * `rebound` (or `rebound config`) without its command: commander prints the whole help on standard
 * error; a usage error is one line like the others (`--help` still prints the help).
 */
function oneLineWithoutCommand(cmd: Command): void {
  const help = cmd.help.bind(cmd);
  cmd.help = ((context?: HelpContext) => {
    if (!context?.error) return help(context);
    const name = cmd.parent ? `rebound ${cmd.name()}` : 'rebound';
    // `rebound help nope` lands here too, with the unknown name
    const what = cmd.args.length > 1 ? `unknown command '${cmd.args.at(-1)}'` : 'a command is needed';
    return cmd.error(`${what} (${name} --help lists them)`, { exitCode: 2, code: 'rebound.noCommand' });
  }) as typeof cmd.help;
  for (const sub of cmd.commands) oneLineWithoutCommand(sub);
}
