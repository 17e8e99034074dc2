// Opening a PostgreSQL store: Kysely's PostgresDialect on a node-postgres pool, and its migrations
// (src/store/pg/migrations). A URL names it: postgres://user@host:port/database.
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, type MigrationResultSet } from 'kysely';
import { PG_MIGRATIONS } from './migrations/index.js';
import { pgTypes } from './types.js';

export interface PgStore {
  /** the URL, its password masked (for logs and messages) */
  readonly url: string;
  readonly db: Kysely<unknown>;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** The URL without its password. */
export function maskedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '********';
    return u.toString();
  } catch {
    return 'postgres://(unreadable URL)';
  }
}

/** The session's TOAST compression: lz4 when this server was built with it (PostgreSQL 14+), else left as it is. */
const LZ4_WHERE_AVAILABLE =
  "select set_config('default_toast_compression', 'lz4', false) from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)";

export function openPgStore(url: string, opts: { max?: number; connectionTimeoutMillis?: number } = {}): PgStore {
  if (!isPostgresUrl(url)) throw new Error(`not a PostgreSQL URL (postgres://…): ${maskedUrl(url)}`);
  // times read back as ISO strings and bigints as numbers (types.ts); a server that does not answer
  // is an error after connectionTimeoutMillis, not a wait without end
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, types: pgTypes, connectionTimeoutMillis: opts.connectionTimeoutMillis ?? 10_000 });
  // an idle connection the server dropped (a restart) is an error on the pool: logged by the
  // query that next fails, not a crash of the process
  pool.on('error', () => {});
  // the pool listens for errors on idle clients only: a client checked out (inside a transaction,
  // between two queries) whose connection drops would emit an 'error' no one hears, and end the
  // process. Its query fails anyway, with the cause, where it is handled.
  pool.on('connect', (client) => {
    client.on('error', () => {});
    // raw messages (message_raw.raw, a few KB each) are compressed with lz4 where the server has
    // it: pglz, the default, made their insert the costliest statement of a forwarded slice. Sent
    // first on the connection, so it is in effect before any query of the pool's user.
    client.query(LZ4_WHERE_AVAILABLE).catch(() => {});
  });
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  return { url: maskedUrl(url), db, close: () => db.destroy() };
}

/** Apply every PostgreSQL migration not yet applied; returns what ran. */
export async function migratePg(store: PgStore): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => PG_MIGRATIONS }, allowUnorderedMigrations: true });
  return migrator.migrateToLatest();
}
