#!/usr/bin/env node
import { Command, CommanderError, type HelpContext } from 'commander';
import { packageVersion } from './version.js';
import { registerGlobalOptions } from './cli/common.js';

type Register = (program: Command) => unknown;

/**
 * Each command's module, loaded on demand, in the order `--help` lists them: a command loads only
 * its own modules, so `rebound parse` does not load the store, the HTTP server or the SMTP and IMAP
 * clients (loading them all cost as much CPU as parsing some 1,500 messages).
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  serve: async () => (await import('./cli/serve.js')).registerServe,
  config: async () => (await import('./cli/config.js')).registerConfig,
  'return-path': async () => (await import('./cli/return-path.js')).registerReturnPath,
  parse: async () => (await import('./cli/parse.js')).registerParse,
  explain: async () => (await import('./cli/explain.js')).registerExplain,
  classify: async () => (await import('./cli/classify.js')).registerClassify,
  subscriptions: async () => (await import('./cli/subscriptions.js')).registerSubscriptions,
  ingest: async () => (await import('./cli/ingest.js')).registerIngest,
  export: async () => (await import('./cli/export.js')).registerExport,
  stats: async () => (await import('./cli/stats.js')).registerStats,
  reparse: async () => (await import('./cli/reparse.js')).registerReparse,
  rules: async () => (await import('./cli/rules.js')).registerRules,
  migrate: async () => (await import('./cli/migrate.js')).registerMigrate,
  poll: async () => (await import('./cli/poll.js')).registerPoll,
  suppress: async () => (await import('./cli/addresses.js')).registerSuppress,
  unsuppress: async () => (await import('./cli/addresses.js')).registerUnsuppress,
  check: async () => (await import('./cli/addresses.js')).registerCheck,
  show: async () => (await import('./cli/addresses.js')).registerShow,
};

/**
 * The commands to register: every word of the command line that names one (an option's value that
 * happens to be a command name only adds a command), else all of them (`--help`, a typo, no command).
 */
function commandsNamedIn(argv: string[]): string[] {
  const named = Object.keys(COMMANDS).filter((name) => argv.includes(name));
  return named.length ? named : Object.keys(COMMANDS);
}

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
for (const name of commandsNamedIn(process.argv.slice(2))) (await COMMANDS[name]!())(program);
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
