// SQLite migration 0011 on PostgreSQL: the hosts' heartbeats and the leases (src/store/pg/coordination.ts).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table hosts (
    host_id text primary key,
    started_at timestamptz not null,
    last_seen_at timestamptz not null,
    stopped_at timestamptz,
    version text not null,
    pid integer not null,
    beat_seconds integer not null,
    spool_backlog_bytes bigint not null default 0,
    outbox_depth bigint not null default 0
  )`.execute(db);
  await sql`create table leases (
    name text primary key,
    owner text not null,
    acquired_at timestamptz not null,
    expires_at timestamptz not null
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table leases`.execute(db);
  await sql`drop table hosts`.execute(db);
}
