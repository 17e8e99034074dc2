// The whole schema on PostgreSQL, for a store shared by several MX hosts: the tables of the SQLite
// migrations 0001-0006 in PostgreSQL's types (identity columns, bytea for the raw bytes,
// timestamptz for every time) and what concurrent writers need, which SQLite's single writer made
// unnecessary:
// - messages.sha256 unique: a message spooled on two hosts is inserted once (ON CONFLICT DO NOTHING);
// - at most one active suppression per address: a partial unique index over the rows not lifted
//   (an expired soft suppression is lifted, note 'expired', before a new one is made);
// - the pending-work and outbox claims (FOR UPDATE SKIP LOCKED) read indexes of their own.
import { type ColumnDefinitionBuilder, type Kysely, sql } from 'kysely';

/** a key the database numbers (by default: `rebound store copy` keeps the ids it copies) */
const id = (c: ColumnDefinitionBuilder) => c.primaryKey().generatedByDefaultAsIdentity();

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('messages')
    .addColumn('id', 'bigint', id)
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_ref', 'text')
    .addColumn('envelope_from', 'text')
    .addColumn('envelope_to', 'text')
    .addColumn('return_path_recipient', 'text')
    .addColumn('origin', 'text', (c) => c.check(sql`origin in ('signed', 'unsigned')`))
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('spooled_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'parsed', 'failed')`))
    .addColumn('parser_version', 'text')
    .addColumn('processed_at', 'timestamptz')
    .addColumn('kind', 'text')
    .addColumn('format', 'text')
    .addColumn('reporting_mta', 'text')
    .addColumn('message_id', 'text')
    .addColumn('subject', 'text')
    .addColumn('feedback_type', 'text')
    .addColumn('problems', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  // the claim of pending work: only the pending rows are indexed
  await sql`create index messages_pending on messages (id) where status = 'pending'`.execute(db);

  await db.schema
    .createTable('message_raw')
    .addColumn('message_id', 'bigint', (c) => c.primaryKey().references('messages.id').onDelete('cascade'))
    .addColumn('raw', 'bytea', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('bounces')
    .addColumn('id', 'bigint', id)
    .addColumn('message_id', 'bigint', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('recipient_reported', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('action', 'text')
    .addColumn('status', 'text')
    .addColumn('smtp_code', 'integer')
    .addColumn('type', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('remote_mta', 'text')
    .addColumn('diagnostic', 'text')
    .addColumn('command', 'text')
    .addColumn('reporting_mta', 'text')
    .addColumn('original_message_id', 'text')
    .addColumn('feedback_type', 'text')
    /** the rule that decided the reason (SQLite's 0006) */
    .addColumn('rule', 'text')
    .addColumn('from_return_path', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('vouched', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('event_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('bounces_message_recipient', ['message_id', 'recipient'])
    .execute();
  await db.schema.createIndex('bounces_recipient').on('bounces').columns(['recipient', 'event_at']).execute();
  await db.schema.createIndex('bounces_domain').on('bounces').columns(['domain', 'event_at']).execute();

  await db.schema
    .createTable('suppressions')
    .addColumn('id', 'bigint', id)
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('hard', 'soft', 'complaint', 'manual')`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('suppressed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('first_event_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_event_at', 'timestamptz', (c) => c.notNull())
    .addColumn('event_count', 'integer', (c) => c.notNull())
    .addColumn('bounce_id', 'bigint', (c) => c.references('bounces.id').onDelete('set null'))
    .addColumn('expires_at', 'timestamptz')
    .addColumn('lifted_at', 'timestamptz')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('suppressions_address').on('suppressions').columns(['address', 'id']).execute();
  await sql`create unique index suppressions_one_active on suppressions (address) where lifted_at is null`.execute(db);

  await db.schema
    .createTable('soft_state')
    .addColumn('address', 'text', (c) => c.primaryKey())
    .addColumn('events', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_reason', 'text')
    .addColumn('last_event_at', 'timestamptz')
    .addColumn('cleared_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('manual_actions')
    .addColumn('id', 'bigint', id)
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('suppress', 'unsuppress')`))
    .addColumn('text', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('manual_actions_address').on('manual_actions').columns(['address', 'at']).execute();

  await db.schema
    .createTable('imap_state')
    .addColumn('mailbox', 'text', (c) => c.primaryKey())
    .addColumn('uidvalidity', 'bigint', (c) => c.notNull())
    .addColumn('last_uid', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_outbox')
    .addColumn('id', 'bigint', id)
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'delivered', 'dead')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_attempt_at', 'timestamptz')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('done_at', 'timestamptz')
    .addUniqueConstraint('webhook_outbox_event_url', ['event_id', 'url'])
    .execute();
  // the claim: due pending rows of one URL
  await sql`create index webhook_outbox_due on webhook_outbox (url, next_attempt_at) where state = 'pending'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['webhook_outbox', 'imap_state', 'manual_actions', 'soft_state', 'suppressions', 'bounces', 'message_raw', 'messages']) {
    await db.schema.dropTable(t).execute();
  }
}
