// Indexes that hold only the rows their queries look for. `messages_status` indexed every message
// by (status, id), yet only the pending ones are ever looked up by status (the processing loop's
// next slice, the backlog counts); `messages_event_key` held an entry for every message, yet only a
// sending service's event has a key. Each insert paid for both (and each pending → parsed update
// moved an entry within the first). A message now enters the first only while pending, and the
// second only with a key: inserting a message row costs about a quarter less. Uniqueness of event
// keys is unchanged (NULLs were never compared), and `event_key = ?` still reads the index.
// SQLite only: PostgreSQL keeps its own indexes.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index messages_status`.execute(db);
  await sql`create index messages_pending on messages (id) where status = 'pending'`.execute(db);
  await sql`drop index messages_event_key`.execute(db);
  await sql`create unique index messages_event_key on messages (event_key) where event_key is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index messages_event_key`.execute(db);
  await sql`create unique index messages_event_key on messages (event_key)`.execute(db);
  await sql`drop index messages_pending`.execute(db);
  await sql`create index messages_status on messages (status, id)`.execute(db);
}
