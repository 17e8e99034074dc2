// The store suites run on both backends, from one source: `describeBackends` runs its body once
// for SQLite and once for PostgreSQL (a fresh database per store, dropped at cleanup). Without a
// PostgreSQL that answers, the PostgreSQL half is one test, skipped with the reason, or failing
// under REBOUND_REQUIRE_INTEGRATION=1.
import { describe } from 'vitest';
import { pipelineContext } from '../../src/pipeline/context.js';
import { wireStoreObservers, type StoreWiring } from '../../src/events/wire.js';
import { migratePg, openPgStore } from '../../src/store/pg/open.js';
import { pgPortOf } from '../../src/store/pg/context-port.js';
import type { Backend } from '../../src/store/port.js';
import { tempStore, type TempStore } from '../helpers.js';
import { type Kysely, sql } from 'kysely';
import type { Database, OutboxRow } from '../../src/store/schema.js';
import { listOutbox } from '../../src/store/outbox.js';
import { itNeeds } from './integration.js';
import { freshDatabase, postgresMissing } from './postgres.js';

export const BACKENDS: readonly Backend[] = ['sqlite', 'postgres'];

const pgMissing = await postgresMissing();

export type StoreOpts = Parameters<typeof tempStore>[0] & { wiring?: StoreWiring };

export interface BackendStore extends TempStore {
  backend: Backend;
  /** the PostgreSQL database's URL (postgres only) */
  url?: string;
  /** the webhook outbox of the store the port writes to, oldest first */
  outbox(): Promise<OutboxRow[]>;
  /** Kysely on the store the port writes to (a test reading what was written) */
  db: Kysely<Database>;
  /** run SQL on the store the port writes to (a test's bulk set-up): `sql[backend]` */
  exec(sql: Record<Backend, string>): Promise<void>;
  /** what a `rebound` child process needs to reach this store, beside `--db` (REBOUND_STORE_URL on PostgreSQL) */
  env: Record<string, string>;
}

/**
 * A store of this backend: on PostgreSQL, `ctx.port` writes to a fresh database and `ctx.store`
 * is the host's local SQLite (its spool and classifier). `wiring`: the observers (webhook outbox,
 * counts) on whichever store the port writes to.
 */
export async function backendStore(backend: Backend, opts: StoreOpts = {}): Promise<BackendStore> {
  const { wiring, ...rest } = opts;
  const t = await tempStore(rest);
  if (backend === 'sqlite') {
    const unwire = wiring ? wireStoreObservers(t.store, wiring) : () => {};
    const cleanup = t.cleanup;
    return Object.assign(t, {
      backend,
      outbox: async () => listOutbox(t.store),
      get db() {
        return t.store.db;
      },
      exec: async (q: Record<Backend, string>) => void t.store.sqlite.exec(q.sqlite),
      env: {},
      cleanup: async () => (unwire(), cleanup()),
    });
  }
  const database = await freshDatabase();
  const pg = openPgStore(database.url, { max: 4 });
  const migrated = await migratePg(pg);
  if (migrated.error) throw migrated.error;
  // the temp store's clock (which setNow moves), kept before the context is replaced
  const clock = t.ctx.now;
  const context = { policy: rest.policy, returnPaths: rest.returnPaths, now: clock };
  t.ctx = pipelineContext(t.store, context, pgPortOf(pg, wiring));
  const cleanup = t.cleanup;
  return Object.assign(t, {
    backend,
    url: database.url,
    outbox: () => (pg.db as unknown as Kysely<Database>).selectFrom('webhook_outbox').selectAll().orderBy('id').execute(),
    db: pg.db as unknown as Kysely<Database>,
    exec: async (q: Record<Backend, string>) => void (await sql.raw(q.postgres).execute(pg.db)),
    env: { REBOUND_STORE_URL: database.url },
    cleanup: async () => {
      await pg.close();
      await database.drop();
      await cleanup();
    },
  });
}

/** `describe` once per backend; the body gets the backend's name. */
export function describeBackends(title: string, body: (backend: Backend) => void): void {
  describe.each(BACKENDS)(`${title} (%s)`, (backend) => {
    if (backend === 'postgres' && pgMissing) {
      itNeeds(pgMissing)('runs on PostgreSQL', () => {});
      return;
    }
    body(backend);
  });
}
