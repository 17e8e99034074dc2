// What the store commands share: the global --db option and opening the store for one command.
import { type Command, Option } from 'commander';
import { DEFAULT_DB_PATH, openStore, type Store, type StoreOptions } from '../store/open.js';

/** Adds `--db PATH` (env REBOUND_DB_PATH) to the program: every command that opens the store reads it. */
export function registerDbOption(program: Command): void {
  program.addOption(
    new Option('--db <path>', `SQLite database file (default ${DEFAULT_DB_PATH})`).env('REBOUND_DB_PATH'),
  );
}

export function dbPath(cmd: Command): string {
  return cmd.optsWithGlobals<{ db?: string }>().db ?? DEFAULT_DB_PATH;
}

/** Open the store, run the command, close the store (also when the command fails). */
export async function withStore<T>(cmd: Command, fn: (store: Store) => Promise<T> | T, opts: StoreOptions = {}): Promise<T> {
  const store = await openStore(dbPath(cmd), opts);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** `2024-05-01` or a full ISO date-time. */
export function parseIsoDate(value: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) throw new Error(`not an ISO date: ${value}`);
  const d = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) throw new Error(`not an ISO date: ${value}`);
  return d;
}

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
