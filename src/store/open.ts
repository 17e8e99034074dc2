// Opening the store: one SQLite file (created with its directory on first use, unless the caller
// only reads: then a missing database is an error, never an empty one), WAL, foreign keys on,
// migrations applied. The handle is persistence (and the classifier its rule files make); the
// policy, the return-path keys and the clock travel in the pipeline's context (src/pipeline/context.ts).
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationResultSet } from 'kysely';
import type { Database } from './schema.js';
import { MIGRATIONS } from './migrations/index.js';
import { DEFAULT_DB_PATH } from '../config/store.js';
import { loadRuleFiles } from '../config/rule-files.js';
import { type Classifier, createClassifier } from '../classify/classifier.js';

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
  /**
   * create the database (and its directory) when it does not exist (default true). False for the
   * commands that only read: a missing database (a typo, the wrong directory) must not answer as
   * an empty one, and must not be left behind.
   */
  create?: boolean;
  /** apply pending migrations on open (default true) */
  migrate?: boolean;
  /** rule files (`[classify] rules`): paths, so that they can travel to worker threads */
  rules?: readonly string[];
}

export interface Store {
  readonly path: string;
  /** typed queries */
  readonly db: Kysely<Database>;
  /** the same connection, for synchronous statements */
  readonly sqlite: SQLite.Database;
  /** the rule files the classifier was built from */
  readonly rules: readonly string[];
  /** the built-in rules and the rule files': what every entry point classifies with (replaced on reload) */
  classifier: Classifier;
  close(): Promise<void>;
}

/** The database to open does not exist, and the caller may not create it. */
export class NoDatabaseError extends Error {
  constructor(readonly path: string) {
    super(`no database at ${path} (run 'rebound migrate' to create one)`);
  }
}

export async function openStore(path: string = DEFAULT_DB_PATH, opts: StoreOptions = {}): Promise<Store> {
  // a bad rule file stops here, before anything is opened
  const rules = opts.rules ?? [];
  const classifier = createClassifier(loadRuleFiles(rules));
  const create = opts.create ?? true;
  if (path !== ':memory:') {
    if (!create && isMissing(path)) throw new NoDatabaseError(path);
    if (create) mkdirSync(dirname(path), { recursive: true });
  }
  const sqlite = openSqlite(path, create);
  // the settings every connection needs (the first statement is where a file that is not a
  // database shows itself)
  try {
    sqlite.pragma('journal_mode = WAL');
  } catch (err) {
    sqlite.close();
    throw new Error(`${path}: ${(err as { code?: string }).code === 'SQLITE_NOTADB' ? 'not a SQLite database' : (err as Error).message}`);
  }
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`synchronous = ${opts.synchronous ?? 'FULL'}`);
  sqlite.pragma('busy_timeout = 5000');
  // Each message is written under a savepoint of its batch's transaction (one failing message
  // does not undo the others). A savepoint keeps the pages it changes in a sub-journal, which
  // SQLite moves to a temporary file once it passes 64 KiB and then keeps writing there for the
  // rest of the connection: a syscall per page per message. Kept in memory (released with each
  // savepoint), a message's inserts cost about half as much. Temporary sort space moves to memory
  // too; the store's queries read indexes in order and sort only small results.
  sqlite.pragma('temp_store = MEMORY');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const store: Store = {
    path,
    db,
    sqlite,
    rules,
    classifier,
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

/** No file, or an empty one (what a `touch` leaves is not a database). */
function isMissing(path: string): boolean {
  if (!existsSync(path)) return true;
  const st = statSync(path);
  return st.isFile() && st.size === 0;
}

/** The SQLite connection; an error names the file (a directory, no permission). */
function openSqlite(path: string, create: boolean): SQLite.Database {
  try {
    return new SQLite(path, { fileMustExist: !create && path !== ':memory:' });
  } catch (err) {
    throw new Error(`cannot open the database ${path}: ${(err as Error).message}`);
  }
}

/** Apply every migration not yet applied; returns what ran. */
export async function migrate(store: Store): Promise<MigrationResultSet> {
  // unordered: branches add migrations independently (0002-imap-state, 0003-webhook-outbox), so a
  // database may have a later one applied before an earlier one lands
  const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => MIGRATIONS }, allowUnorderedMigrations: true });
  return migrator.migrateToLatest();
}
