// rebound migrate: create or update the database schema (also done at every start).
import type { Command } from 'commander';
import { migrate, openStore } from '../store/open.js';
import { dbPath, reportErrors } from './common.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('create or update the database schema')
    .action(reportErrors(async (_opts: unknown, cmd: Command) => {
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
