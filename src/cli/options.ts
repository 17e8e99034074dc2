// The options and helpers every command shares, without the configuration's schemas, the store or
// the logger: `rebound parse` with nothing configured loads only this, the parser and the file
// reader (the configuration's schema library alone costs about what the parser does to load).
import { availableParallelism } from 'node:os';
import { Option, type Command } from 'commander';
import { DEFAULT_CONFIG_FILE } from '../config/locate.js';
import { DEFAULT_DB_PATH } from '../config/db-path.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../sources/files/read-inputs.js';
import { defaultPoolSize } from '../pipeline/pool-size.js';
import { LOG_FORMATS, type LogFormat, setLogFormat } from '../log-format.js';

/**
 * `--config FILE` and `--db PATH`: every command that needs settings or the store reads them.
 * `--log-format`: log lines are JSON for `serve` (a log collector reads them), readable text for
 * the other commands, which a person reads.
 */
export function registerGlobalOptions(program: Command): void {
  program.option('--config <file>', `configuration file (default: REBOUND_CONFIG, else ./${DEFAULT_CONFIG_FILE} when present)`);
  program.option('--db <path>', `SQLite database file; wins over store.path and REBOUND_DB_PATH (default ${DEFAULT_DB_PATH})`);
  program.addOption(new Option('--log-format <format>', 'log lines on standard error: json (default for serve) or pretty (default for the other commands)').choices(LOG_FORMATS));
  program.hook('preAction', (_program, command) => {
    const chosen = command.optsWithGlobals<{ logFormat?: LogFormat }>().logFormat;
    setLogFormat(chosen ?? (command.name() === 'serve' ? 'json' : 'pretty'));
  });
}

/**
 * Wrap a command's action: an error becomes one line on standard error and exit status 2 (1 is
 * kept for answers such as "suppressed" and "an input could not be read").
 */
export function reportErrors<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      process.stderr.write(`rebound: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    }
  };
}

/** What a directory walk left out (a symbolic link out of it), said on stderr: it is not an error. */
export function noteSkipped(ref: string, why: string): void {
  process.stderr.write(`rebound: skipped ${ref}: ${why}\n`);
}

/** `--max-message-bytes <n>`, for the commands that read files and standard input (ingest, parse). */
export function maxMessageBytesOption(): Option {
  return new Option('--max-message-bytes <n>', 'a larger message in the inputs is reported as unreadable, never read whole').default(String(DEFAULT_MAX_MESSAGE_BYTES));
}

export function maxMessageBytes(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error('--max-message-bytes is a whole number of bytes, at least 1');
  return n;
}

/** `--workers <n>`, for the commands that parse many inputs (ingest, parse); `help`: what the threads do there. */
export function workersOption(dflt = defaultPoolSize(), help = 'parser threads (0: parse on the main thread)'): Option {
  return new Option('--workers <n>', help).default(String(dflt));
}

/** `--workers`: more parser threads than CPUs only adds memory and switching, so it is capped (with a note). */
export function workerCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error('--workers is a whole number');
  const cpus = availableParallelism();
  if (n <= cpus) return n;
  process.stderr.write(`rebound: --workers ${n} is more than the ${cpus} CPUs: using ${cpus}\n`);
  return cpus;
}
