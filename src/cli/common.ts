// What the store commands share: the configured settings, and opening the store for one command
// with the configured policy (the options every command has are in options.ts).
import type { Command } from 'commander';
import { returnPathKeysOf } from '../config/return-path.js';
import type { StoreOptions } from '../store/open.js';
import type { PipelineContext } from '../pipeline/context.js';
import { settings } from './settings.js';

// the options and helpers every command shares, from their light module (program.ts and parse load only that)
export { maxMessageBytes, maxMessageBytesOption, noteSkipped, registerGlobalOptions, reportErrors, workerCount, workersOption } from './options.js';

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
