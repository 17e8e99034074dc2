// A database of its own on the local PostgreSQL (127.0.0.1:5432, trust authentication), made with a
// fresh unique name for one test file and dropped after it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const ADMIN_URL = process.env.REBOUND_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** null when PostgreSQL answers; else what is missing, for `itNeeds`. */
export async function postgresMissing(): Promise<string | null> {
  const c = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('select 1');
    return null;
  } catch (err) {
    return `PostgreSQL does not answer at ${ADMIN_URL} (${(err as Error).message})`;
  } finally {
    await c.end().catch(() => {});
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function freshDatabase(): Promise<TestDatabase> {
  const name = `rebound_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}
