// SQLite migration 0008 on PostgreSQL: events from sending services are kept as messages with the
// format their bytes are in (`raw_format`) and the provider's event id (`event_key`, unique: a
// retried delivery, on any host, is inserted once); SNS subscription confirmations apart.
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
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'confirmed', 'failed')`))
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('error', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sns_subscriptions').execute();
  await db.schema.dropIndex('messages_event_key').execute();
  await db.schema.alterTable('messages').dropColumn('event_key').execute();
  await db.schema.alterTable('messages').dropColumn('raw_format').execute();
}
