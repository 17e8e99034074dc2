// SQLite migration 0012 on PostgreSQL: signature tokens of sending services (Mailgun), each good for
// one event within the timestamp window, shared by every host serving the store.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table event_tokens (
    provider text not null,
    token text not null,
    event_id text not null,
    expires_at bigint not null,
    primary key (provider, token)
  )`.execute(db);
  await sql`create index event_tokens_expires_at on event_tokens (expires_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table event_tokens`.execute(db);
}
