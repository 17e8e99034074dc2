// SNS subscription confirmations received for SES topics: confirmed at once when allowed, else
// kept pending so that an operator sees them (GET /v1/events/ses/subscriptions) and confirms. The
// queries are plain Kysely, run by both adapters (the PostgreSQL port executes them on its pool).
import type { Kysely } from 'kysely';
import type { Store } from './open.js';
import type { Database, SnsSubscriptionRow } from './schema.js';
import { allSync, runSync } from './sync.js';

/** A confirmation received: the topic's row, new or replacing the one before. */
export function recordSubscriptionQuery(db: Kysely<Database>, row: SnsSubscriptionRow) {
  const { topic_arn: _, ...rest } = row;
  return db.insertInto('sns_subscriptions').values(row).onConflict((oc) => oc.column('topic_arn').doUpdateSet(rest));
}

export function subscriptionsQuery(db: Kysely<Database>) {
  return db.selectFrom('sns_subscriptions').selectAll().orderBy('topic_arn');
}

export function recordSubscription(store: Store, row: SnsSubscriptionRow): void {
  runSync(store, recordSubscriptionQuery(store.db, row));
}

export function listSubscriptions(store: Store): SnsSubscriptionRow[] {
  return allSync(store, subscriptionsQuery(store.db));
}
