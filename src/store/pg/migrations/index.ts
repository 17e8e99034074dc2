// The PostgreSQL schema's migrations, in order (a set of their own: the dialects differ in types).
import type { Migration } from 'kysely';
import * as postgres from './0007-postgres.js';

export const PG_MIGRATIONS: Record<string, Migration> = {
  '0007-postgres': postgres,
};
