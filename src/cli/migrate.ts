// rebound migrate: create or update the database schema (also done at every start). With --url,
// the schema of a PostgreSQL store (the shared store of several MX hosts).
import type { Command } from 'commander';
import { migrate, openStore } from '../store/open.js';
import { migratePg, openPgStore } from '../store/pg/open.js';
import { dbPath, reportErrors } from './common.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('create or update the database schema')
    .option('--url <postgres-url>', 'a PostgreSQL database (postgres://user@host:port/db) instead of the SQLite file')
    .action(reportErrors(async (opts: { url?: string }, cmd: Command) => {
      if (opts.url) return migrateUrl(opts.url);
      const path = dbPath(cmd);
      const store = await openStore(path, { migrate: false });
      try {
        const { error, results } = await migrate(store);
        for (const r of results ?? []) process.stdout.write(`${r.migrationName}: ${r.status}\n`);
        if (error) throw error;
        if (!results?.length) process.stdout.write(`${path}: schema up to date\n`);
      } finally {
        await store.close();
      }
    }));
}

async function migrateUrl(url: string): Promise<void> {
  const store = openPgStore(url, { max: 1 });
  try {
    const { error, results } = await migratePg(store);
    for (const r of results ?? []) process.stdout.write(`${r.migrationName}: ${r.status}\n`);
    if (error) throw error;
    if (!results?.length) process.stdout.write(`${store.url}: schema up to date\n`);
  } finally {
    await store.close();
  }
}
