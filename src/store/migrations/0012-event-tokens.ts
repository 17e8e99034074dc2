// Signature tokens of sending services that sign a token rather than the body (Mailgun): each token
// is good for one event within the timestamp window. Kept in the store, not in memory, so that a
// restart or another host serving the same store does not take a replayed token; rows past their
// expiry are deleted as new tokens come.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table event_tokens (
    provider text not null,
    token text not null,
    event_id text not null,
    expires_at integer not null,
    primary key (provider, token)
  ) without rowid`.execute(db);
  await sql`create index event_tokens_expires_at on event_tokens (expires_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table event_tokens`.execute(db);
}
