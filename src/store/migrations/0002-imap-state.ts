// Where each IMAP mailbox's poller stands: the mailbox's UIDVALIDITY and the last UID it has dealt
// with. A UIDVALIDITY that no longer matches means the UIDs were renumbered: start again from 0.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('imap_state')
    // `user@host/mailbox`: one row per polled mailbox
    .addColumn('mailbox', 'text', (c) => c.primaryKey())
    .addColumn('uidvalidity', 'integer', (c) => c.notNull())
    .addColumn('last_uid', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('imap_state').execute();
}
