// The PostgreSQL schema's migrations, in order (a set of their own: the dialects differ in types).
import type { Migration } from 'kysely';
import * as postgres from './0007-postgres.js';
import * as providerEvents from './0008-provider-events.js';
import * as dashboard from './0009-dashboard.js';
import * as sharedStore from './0010-shared-store.js';
import * as coordination from './0011-coordination.js';
import * as eventTokens from './0012-event-tokens.js';
import * as rollups from './0013-rollups.js';

export const PG_MIGRATIONS: Record<string, Migration> = {
  '0007-postgres': postgres,
  '0008-provider-events': providerEvents,
  '0009-dashboard': dashboard,
  '0010-shared-store': sharedStore,
  '0011-coordination': coordination,
  '0012-event-tokens': eventTokens,
  '0013-rollups': rollups,
};
