// rebound store copy --from sqlite:PATH --to postgres://…: move an existing store into PostgreSQL.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { openStore } from '../store/open.js';
import { isPostgresUrl, openPgStore } from '../store/pg/open.js';
import { copySqliteToPg } from '../store/pg/copy.js';
import { reportErrors } from './common.js';

export function registerStore(program: Command): void {
  const store = program.command('store').description('move a store between databases');
  store
    .command('copy')
    .description('copy every table of a SQLite store into an empty PostgreSQL database (its schema is made first)')
    .requiredOption('--from <sqlite:path>', 'the SQLite store, as sqlite:PATH')
    .requiredOption('--to <postgres-url>', 'the PostgreSQL database, postgres://user@host:port/db')
    .action(reportErrors(async (opts: { from: string; to: string }) => {
      if (!opts.from.startsWith('sqlite:')) throw new Error(`--from is sqlite:PATH, got ${JSON.stringify(opts.from)}`);
      if (!isPostgresUrl(opts.to)) throw new Error('--to is a PostgreSQL URL (postgres://…)');
      const path = opts.from.slice('sqlite:'.length);
      if (!existsSync(path)) throw new Error(`no SQLite store at ${path}`);
      // the source is read as it is, never changed (no migration)
      const from = await openStore(path, { migrate: false });
      const to = openPgStore(opts.to, { max: 1 });
      try {
        await copySqliteToPg(from, to, (table, rows) => process.stdout.write(`${table}: ${rows}\n`));
        process.stdout.write(`copied ${path} to ${to.url}\n`);
      } finally {
        await to.close();
        await from.close();
      }
    }));
}
