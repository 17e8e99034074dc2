// The webhook outbox: one row per (event, URL), written in the transaction that made the event, so
// an event is never lost and ingestion never waits on the network. A drain loop delivers the rows
// and keeps their state here, so a restart resumes where it stopped. Independent of 0002.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhook_outbox')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    /** the same for every URL an event goes to; receivers deduplicate by it */
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'delivered', 'dead')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_attempt_at', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('done_at', 'text')
    .addUniqueConstraint('webhook_outbox_event_url', ['event_id', 'url'])
    .execute();
  // the drain loop's query: due rows of one URL
  await db.schema.createIndex('webhook_outbox_due').on('webhook_outbox').columns(['state', 'url', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webhook_outbox').execute();
}
