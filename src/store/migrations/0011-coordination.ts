// Several hosts, one store: a heartbeat row per `serve` host and the leases of the work one host at
// a time does (an IMAP mailbox's poller, the scheduled exports' leader). See
// src/store/coordination.ts; the PostgreSQL twin is src/store/pg/migrations/0011-coordination.ts.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table hosts (
    host_id text primary key,
    started_at text not null,
    last_seen_at text not null,
    stopped_at text,
    version text not null,
    pid integer not null,
    beat_seconds integer not null,
    spool_backlog_bytes integer not null default 0,
    outbox_depth integer not null default 0
  ) without rowid`.execute(db);
  await sql`create table leases (
    name text primary key,
    owner text not null,
    acquired_at text not null,
    expires_at text not null
  ) without rowid`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table leases`.execute(db);
  await sql`drop table hosts`.execute(db);
}
