// The first schema: raw messages, per-recipient records, suppressions, soft-bounce state and the
// log of manual actions (kept so a replay of an address's history can honour them).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('messages')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_ref', 'text')
    .addColumn('envelope_from', 'text')
    .addColumn('envelope_to', 'text')
    .addColumn('return_path_recipient', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('spooled_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'parsed', 'failed')`))
    .addColumn('parser_version', 'text')
    .addColumn('processed_at', 'text')
    .addColumn('kind', 'text')
    .addColumn('format', 'text')
    .addColumn('reporting_mta', 'text')
    .addColumn('message_id', 'text')
    .addColumn('subject', 'text')
    .addColumn('feedback_type', 'text')
    .addColumn('problems', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.createIndex('messages_status').on('messages').columns(['status', 'id']).execute();

  // the bytes live apart so that scans of `messages` never read them
  await db.schema
    .createTable('message_raw')
    .addColumn('message_id', 'integer', (c) => c.primaryKey().references('messages.id').onDelete('cascade'))
    .addColumn('raw', 'blob', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('bounces')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('message_id', 'integer', (c) => c.notNull().references('messages.id').onDelete('cascade'))
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
    .addColumn('from_return_path', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('event_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('bounces_message_recipient', ['message_id', 'recipient'])
    .execute();
  await db.schema.createIndex('bounces_recipient').on('bounces').columns(['recipient', 'event_at']).execute();
  // for `check`: the sender-side blocks at a domain lately
  await db.schema.createIndex('bounces_domain').on('bounces').columns(['domain', 'event_at']).execute();

  await db.schema
    .createTable('suppressions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('hard', 'soft', 'complaint', 'manual')`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('suppressed_at', 'text', (c) => c.notNull())
    .addColumn('first_event_at', 'text', (c) => c.notNull())
    .addColumn('last_event_at', 'text', (c) => c.notNull())
    .addColumn('event_count', 'integer', (c) => c.notNull())
    .addColumn('bounce_id', 'integer', (c) => c.references('bounces.id').onDelete('set null'))
    .addColumn('expires_at', 'text')
    .addColumn('lifted_at', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('suppressions_address').on('suppressions').columns(['address', 'id']).execute();

  await db.schema
    .createTable('soft_state')
    .addColumn('address', 'text', (c) => c.primaryKey())
    .addColumn('events', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_reason', 'text')
    .addColumn('last_event_at', 'text')
    .addColumn('cleared_at', 'text')
    .execute();

  await db.schema
    .createTable('manual_actions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('suppress', 'unsuppress')`))
    .addColumn('text', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('manual_actions_address').on('manual_actions').columns(['address', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['manual_actions', 'soft_state', 'suppressions', 'bounces', 'message_raw', 'messages']) {
    await db.schema.dropTable(t).execute();
  }
}
