#!/usr/bin/env node
import { Command, CommanderError, type HelpContext } from 'commander';
import { packageVersion } from './version.js';
import { registerExplain } from './cli/explain.js';
import { registerParse } from './cli/parse.js';
import { registerGlobalOptions } from './cli/common.js';
import { registerConfig } from './cli/config.js';
import { registerServe } from './cli/serve.js';
import { registerReturnPath } from './cli/return-path.js';
import { registerIngest } from './cli/ingest.js';
import { registerExport } from './cli/export.js';
import { registerStats } from './cli/stats.js';
import { registerReparse } from './cli/reparse.js';
import { registerRules } from './cli/rules.js';
import { registerMigrate } from './cli/migrate.js';
import { registerStore } from './cli/store.js';
import { registerPoll } from './cli/poll.js';
import { registerSuppress, registerUnsuppress, registerCheck, registerShow } from './cli/addresses.js';

// the reader went away (`rebound parse ... | head`): nothing more to say, and nothing went wrong here
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

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
try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (!(err instanceof CommanderError)) throw err;
  // --help and --version end with 0; the help printed for a missing command is a usage error too
  process.exitCode = err.exitCode === 0 ? 0 : 2;
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
    return cmd.error(`a command is needed (${name} --help lists them)`, { exitCode: 2, code: 'rebound.noCommand' });
  }) as typeof cmd.help;
  for (const sub of cmd.commands) oneLineWithoutCommand(sub);
}
