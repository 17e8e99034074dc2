// A pipeline context whose port is the shared PostgreSQL store: the context's policy, return-path
// keys, clock and classifier (its SQLite handle's, the host's local spool) decide; what it writes
// is told as the wiring says (webhook events queued in the write's transaction, counts after it).
import type { PipelineContext } from '../../pipeline/context.js';
import type { StoreWiring } from '../../events/wire.js';
import type { StorePort } from '../port.js';
import type { Database } from '../schema.js';
import type { Kysely } from 'kysely';
import type { PgStore } from './open.js';
import { pgPort } from './port.js';

export function pgPortOf(pg: PgStore, wiring: StoreWiring = {}): (ctx: PipelineContext) => StorePort {
  return (ctx) =>
    pgPort(pg.db as unknown as Kysely<Database>, {
      policy: ctx.policy,
      returnPaths: ctx.returnPaths,
      now: () => ctx.now(),
      classifier: () => ctx.store.classifier,
      webhook: wiring.webhook,
      onQueued: wiring.onQueued,
      counts: wiring.counts,
    });
}
