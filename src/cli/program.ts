// The whole command line: every command with its options, and the CLI's conventions for
// commander's own errors. src/cli.ts runs it; tests read it (README describes every option).
import { Command, type HelpContext } from 'commander';
import { packageVersion } from '../version.js';
import { registerGlobalOptions } from './options.js';

type Register = (program: Command) => unknown;

/**
 * Each command's module, loaded on demand, in the order `--help` lists them: a command loads only
 * its own modules, so `rebound parse` does not load the store, the HTTP server or the SMTP and IMAP
 * clients (loading them all cost as much CPU as parsing some 1,500 messages).
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  serve: async () => (await import('./serve.js')).registerServe,
  config: async () => (await import('./config.js')).registerConfig,
  'return-path': async () => (await import('./return-path.js')).registerReturnPath,
  parse: async () => (await import('./parse.js')).registerParse,
  explain: async () => (await import('./explain.js')).registerExplain,
  classify: async () => (await import('./classify.js')).registerClassify,
  subscriptions: async () => (await import('./subscriptions.js')).registerSubscriptions,
  ingest: async () => (await import('./ingest.js')).registerIngest,
  export: async () => (await import('./export.js')).registerExport,
  stats: async () => (await import('./stats.js')).registerStats,
  status: async () => (await import('./status.js')).registerStatus,
  reparse: async () => (await import('./reparse.js')).registerReparse,
  rules: async () => (await import('./rules.js')).registerRules,
  migrate: async () => (await import('./migrate.js')).registerMigrate,
  store: async () => (await import('./store.js')).registerStore,
  poll: async () => (await import('./poll.js')).registerPoll,
  suppress: async () => (await import('./addresses.js')).registerSuppress,
  unsuppress: async () => (await import('./addresses.js')).registerUnsuppress,
  check: async () => (await import('./addresses.js')).registerCheck,
  show: async () => (await import('./addresses.js')).registerShow,
};

/**
 * The commands to register: every word of the command line that names one (an option's value that
 * happens to be a command name only adds a command), else all of them (`--help`, a typo, no command),
 * except for `--version` alone, which needs none (loading them all took about a second).
 */
function commandsNamedIn(argv: readonly string[]): string[] {
  const named = Object.keys(COMMANDS).filter((name) => argv.includes(name));
  if (named.length) return named;
  return argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V') ? [] : Object.keys(COMMANDS);
}

/** The program for a command line (its arguments after `rebound`); without one, every command. */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('rebound');
  program.description('Bounce-message ingestion: parse, classify, store, suppress, export');
  program.version(packageVersion(), '-V, --version', 'print the version');
  // commander's own usage errors (unknown option or command, missing argument) follow the CLI's
  // convention: one line `rebound: ...` on standard error and exit status 2 (1 means an answer, such
  // as check's "suppressed"). Set before the commands are added: they copy these settings.
  program.exitOverride();
  program.configureOutput({ outputError: (text, write) => write(`rebound: ${text.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim()}\n`) });
  registerGlobalOptions(program);
  for (const name of commandsNamedIn(argv)) (await COMMANDS[name]!())(program);
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
