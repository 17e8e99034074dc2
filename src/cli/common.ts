// What the store commands share: the global options (--config, --db) and opening the store for
// one command with the configured policy.
import { Option, type Command } from 'commander';
import { DEFAULT_CONFIG_FILE } from '../config/locate.js';
import { returnPathKeysOf } from '../config/return-path.js';
import type { StoreOptions } from '../store/open.js';
import { DEFAULT_DB_PATH } from '../config/store.js';
import type { PipelineContext } from '../pipeline/context.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../sources/files/read-inputs.js';
import { settings } from './settings.js';
import { LOG_FORMATS, type LogFormat, setLogFormat } from '../log.js';

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

export function dbPath(cmd: Command): string {
  return settings(cmd).store.path;
}

/**
 * Open the SQLite store, run the command, close the store (also when the command fails). The configured
 * policy decides; with webhooks configured, what the command changes is queued in the outbox in
 * the same transaction (the running `rebound serve` delivers it). Only the commands that write
 * pass `create: true`: the others refuse a missing database rather than answer from an empty one.
 */
async function withSqlite<T>(cmd: Command, fn: (ctx: PipelineContext) => Promise<T> | T, opts: StoreOptions = {}): Promise<T> {
  const cfg = settings(cmd);
  // loaded here, not at the top: `parse` and the other commands without a store never load them
  const [{ openStore }, { withListmonk }, { wireStoreObservers }, { pipelineContext }] = await Promise.all([
    import('../store/open.js'),
    import('../webhooks/listmonk.js'),
    import('../events/wire.js'),
    import('../pipeline/context.js'),
  ]);
  const store = await openStore(cfg.store.path, { rules: cfg.classify.rules, create: false, ...opts });
  const detach = wireStoreObservers(store, { webhook: withListmonk(cfg.webhook, cfg.forward) });
  try {
    return await fn(pipelineContext(store, { policy: cfg.policy, returnPaths: returnPathKeysOf(cfg.returnPath) }));
  } finally {
    detach();
    await store.close();
  }
}

/**
 * `withSqlite` for the commands that only go through the store port (`ctx.port`): on SQLite the
 * same; with `store.url`, the port writes to the PostgreSQL store (its schema brought up to date
 * first) and the context's SQLite handle is an empty one in memory (the classifier's home only).
 */
export async function withPort<T>(cmd: Command, fn: (ctx: PipelineContext) => Promise<T>, opts: StoreOptions = {}): Promise<T> {
  const cfg = settings(cmd);
  const url = cfg.store.url;
  if (!url) return withSqlite(cmd, fn, opts);
  const [{ openStore }, { withListmonk }, { pipelineContext }, { migratePg, openPgStore }, { pgPortOf }] = await Promise.all([
    import('../store/open.js'),
    import('../webhooks/listmonk.js'),
    import('../pipeline/context.js'),
    import('../store/pg/open.js'),
    import('../store/pg/context-port.js'),
  ]);
  const local = await openStore(':memory:', { rules: cfg.classify.rules, migrate: false });
  const pg = openPgStore(url, { max: 2 });
  try {
    const migrated = await migratePg(pg);
    if (migrated.error) throw migrated.error;
    const port = pgPortOf(pg, { webhook: withListmonk(cfg.webhook, cfg.forward) });
    return await fn(pipelineContext(local, { policy: cfg.policy, returnPaths: returnPathKeysOf(cfg.returnPath) }, port));
  } finally {
    await pg.close();
    await local.close();
  }
}

/** `2024-05-01` or a full ISO date-time (shared with the HTTP API). */
export { parseIsoDate } from '../iso-date.js';

export function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
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
