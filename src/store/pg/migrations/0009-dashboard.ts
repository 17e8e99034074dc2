// SQLite migration 0009 on PostgreSQL, the part a copied store holds: who made each manual action,
// the alerts raised, the review marks. Not the roll-ups (stats_hourly, stats_daily): PostgreSQL
// makes its own later (0013-rollups).
import { type ColumnDefinitionBuilder, type Kysely, sql } from 'kysely';

const id = (c: ColumnDefinitionBuilder) => c.primaryKey().generatedByDefaultAsIdentity();

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('manual_actions').addColumn('actor', 'text').execute();
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'bigint', id)
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('signal', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'timestamptz', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('cleared_at', 'timestamptz')
    .execute();
  await sql`create index alerts_open on alerts (key) where cleared_at is null`.execute(db);
  await db.schema
    .createTable('review_marks')
    .addColumn('message_id', 'bigint', (c) => c.primaryKey().references('messages.id').onDelete('cascade'))
    .addColumn('verdict', 'text', (c) => c.notNull().check(sql`verdict in ('not-bounce')`))
    .addColumn('note', 'text')
    .addColumn('by', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('review_marks').execute();
  await db.schema.dropTable('alerts').execute();
  await db.schema.alterTable('manual_actions').dropColumn('actor').execute();
}
