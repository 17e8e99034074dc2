// A SQLite database as an earlier release wrote it: every migration named before `migration`, for
// a test that fills it and then opens it with the current store (which runs the rest).
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import SQLite from 'better-sqlite3';
import { MIGRATIONS } from '../../src/store/migrations/index.js';

export async function databaseBefore(path: string, migration: string): Promise<{ sqlite: SQLite.Database; close(): Promise<void> }> {
  const sqlite = new SQLite(path);
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
  const before = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < migration));
  const r = await new Migrator({ db, provider: { getMigrations: async () => before }, allowUnorderedMigrations: true }).migrateToLatest();
  if (r.error) throw r.error;
  return { sqlite, close: () => db.destroy() };
}
