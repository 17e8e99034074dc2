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
import { itNeeds } from './integration.js';
import { freshDatabase, postgresMissing } from './postgres.js';

export const BACKENDS: readonly Backend[] = ['sqlite', 'postgres'];

const pgMissing = await postgresMissing();

export type StoreOpts = Parameters<typeof tempStore>[0] & { wiring?: StoreWiring };

export interface BackendStore extends TempStore {
  backend: Backend;
  /** the PostgreSQL database's URL (postgres only) */
  url?: string;
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
    return Object.assign(t, { backend, cleanup: async () => (unwire(), cleanup()) });
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
