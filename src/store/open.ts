// Opening the store: one SQLite file (created with its directory on first use), WAL, foreign keys
// on, migrations applied. The handle is persistence only: the policy, the return-path keys and the
// clock travel in the pipeline's context (src/pipeline/context.ts).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationResultSet } from 'kysely';
import type { Database } from './schema.js';
import { MIGRATIONS } from './migrations/index.js';
import { DEFAULT_DB_PATH } from '../config/store.js';

export { DEFAULT_DB_PATH };

/**
 * FULL makes every commit durable before it returns (what an SMTP 250 needs); NORMAL may lose the
 * last commits on power loss but never corrupts the file, and is several times faster for bulk
 * file ingestion, where the input files are still there to ingest again.
 */
export type SyncMode = 'FULL' | 'NORMAL';

export interface StoreOptions {
  /** default FULL */
  synchronous?: SyncMode;
  /** apply pending migrations on open (default true) */
  migrate?: boolean;
}

export interface Store {
  readonly path: string;
  /** typed queries */
  readonly db: Kysely<Database>;
  /** the same connection, for synchronous statements */
  readonly sqlite: SQLite.Database;
  close(): Promise<void>;
}

export async function openStore(path: string = DEFAULT_DB_PATH, opts: StoreOptions = {}): Promise<Store> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`synchronous = ${opts.synchronous ?? 'FULL'}`);
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const store: Store = {
    path,
    db,
    sqlite,
    async close() {
      await db.destroy(); // closes the connection, once Kysely has used it
      if (sqlite.open) sqlite.close();
    },
  };
  if (opts.migrate ?? true) {
    const result = await migrate(store);
    if (result.error) {
      await store.close();
      throw result.error;
    }
  }
  return store;
}

/** Apply every migration not yet applied; returns what ran. */
export async function migrate(store: Store): Promise<MigrationResultSet> {
  // unordered: branches add migrations independently (0002-imap-state, 0003-webhook-outbox), so a
  // database may have a later one applied before an earlier one lands
  const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => MIGRATIONS }, allowUnorderedMigrations: true });
  return migrator.migrateToLatest();
}
