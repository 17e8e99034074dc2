// SNS subscription confirmations received for SES topics: confirmed at once when allowed, else
// kept pending so that an operator sees them (GET /v1/events/ses/subscriptions) and confirms.
import type { Store } from './open.js';
import type { SnsSubscriptionRow, SnsSubscriptionState } from './schema.js';
import { allSync, statement } from './sync.js';

export function recordSubscription(
  store: Store,
  row: { topic_arn: string; subscribe_url: string; sns_message_id: string; received_at: string; state: SnsSubscriptionState; confirmed_at: string | null; error: string | null },
): void {
  statement(
    store,
    `insert into sns_subscriptions (topic_arn, subscribe_url, sns_message_id, received_at, state, confirmed_at, error)
     values (?, ?, ?, ?, ?, ?, ?)
     on conflict (topic_arn) do update set subscribe_url = excluded.subscribe_url, sns_message_id = excluded.sns_message_id,
       received_at = excluded.received_at, state = excluded.state, confirmed_at = excluded.confirmed_at, error = excluded.error`,
  ).run(row.topic_arn, row.subscribe_url, row.sns_message_id, row.received_at, row.state, row.confirmed_at, row.error);
}

export function listSubscriptions(store: Store): SnsSubscriptionRow[] {
  return allSync(store, store.db.selectFrom('sns_subscriptions').selectAll().orderBy('topic_arn'));
}
