// Where a message's trust comes from (see pipeline/origin.ts): 'signed' when it came to a valid
// signed return path, 'unsigned' when signed return paths are required and it came to a role
// address (postmaster@, a feedback-loop address), null when return paths are not required. And per
// record whether its message vouches for that address: a record that is not vouched for is kept
// but never reaches the suppression policy.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('messages')
    .addColumn('origin', 'text', (c) => c.check(sql`origin in ('signed', 'unsigned')`))
    .execute();
  await db.schema.alterTable('bounces').addColumn('vouched', 'integer', (c) => c.notNull().defaultTo(1)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('bounces').dropColumn('vouched').execute();
  await db.schema.alterTable('messages').dropColumn('origin').execute();
}
