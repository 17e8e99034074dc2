// Events from sending services (SES through SNS, SendGrid, Postmark, Mailgun, Resend) are raw
// inputs like messages: each is kept in `messages`/`message_raw` with the format its bytes are in
// (`raw_format`: null for a mail message, else the provider whose decoder reads it, so reparse
// routes it there) and the provider's own event id (`event_key`, `<provider>:<id>`), unique, so a
// retried or re-batched delivery changes nothing. SNS subscription confirmations are kept apart:
// they are not events, but an operator may have to act on one.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('raw_format', 'text').execute();
  await db.schema.alterTable('messages').addColumn('event_key', 'text').execute();
  await db.schema.createIndex('messages_event_key').unique().on('messages').column('event_key').execute();
  await db.schema
    .createTable('sns_subscriptions')
    .addColumn('topic_arn', 'text', (c) => c.primaryKey())
    .addColumn('subscribe_url', 'text', (c) => c.notNull())
    .addColumn('sns_message_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'confirmed', 'failed')`))
    .addColumn('confirmed_at', 'text')
    .addColumn('error', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sns_subscriptions').execute();
  await db.schema.dropIndex('messages_event_key').execute();
  await db.schema.alterTable('messages').dropColumn('event_key').execute();
  await db.schema.alterTable('messages').dropColumn('raw_format').execute();
}
