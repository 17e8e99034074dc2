// What the PostgreSQL store needs to answer as SQLite does, for the store port (store/pg/port.ts):
// - suppressions.address in the "C" collation: addresses sort byte by byte, as in SQLite, so the
//   keyset pages of GET /v1/suppressions and the export run in the same order on the
//   (address, id) index;
// - SQLite 0009's indexes: records by time (the stats' ranges), suppressions by time, by domain,
//   and the lifted ones.
// The dashboard's roll-up tables are not made here (0013-rollups).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table suppressions alter column address type text collate "C"`.execute(db);
  await sql`create index bounces_event_at on bounces (event_at)`.execute(db);
  await sql`create index suppressions_suppressed_at on suppressions (suppressed_at, type)`.execute(db);
  await sql`create index suppressions_domain on suppressions (domain, address)`.execute(db);
  await sql`create index suppressions_lifted_at on suppressions (lifted_at) where lifted_at is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const i of ['bounces_event_at', 'suppressions_suppressed_at', 'suppressions_domain', 'suppressions_lifted_at']) await sql.raw(`drop index ${i}`).execute(db);
  await sql`alter table suppressions alter column address type text collate "default"`.execute(db);
}
