// useEventToken (../event-tokens.ts) on PostgreSQL, for the PostgreSQL adapter of the store port:
// the same outcome in one statement round trip after the cleanup, safe under concurrent hosts
// (the insert's conflict decides who used the token first).
import { type Kysely, sql } from 'kysely';
import type { TokenUse } from '../event-tokens.js';

export async function useEventTokenPg(db: Kysely<any>, provider: string, token: string, eventId: string, now: number, expiresAt: number): Promise<TokenUse> {
  return db.transaction().execute(async (tx) => {
    await sql`delete from event_tokens where expires_at <= ${now}`.execute(tx);
    const put = await sql`insert into event_tokens (provider, token, event_id, expires_at) values (${provider}, ${token}, ${eventId}, ${expiresAt}) on conflict do nothing`.execute(tx);
    if (Number(put.numAffectedRows ?? 0) === 1) return 'fresh';
    const had = await sql<{ event_id: string }>`select event_id from event_tokens where provider = ${provider} and token = ${token}`.execute(tx);
    return had.rows[0]?.event_id === eventId ? 'same' : 'replay';
  });
}
