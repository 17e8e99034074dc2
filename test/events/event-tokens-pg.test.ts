// The Mailgun token cache on a real PostgreSQL (src/store/pg/event-tokens.ts, for the PostgreSQL
// adapter of the store port): the same outcomes as on SQLite, and two hosts using one token at once
// get one `fresh` between them.
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { migratePg, openPgStore, type PgStore } from '../../src/store/pg/open.js';
import { useEventTokenPg } from '../../src/store/pg/event-tokens.js';
import { itNeeds } from '../helpers/integration.js';
import { freshDatabase, postgresMissing, type TestDatabase } from '../helpers/postgres.js';

const missing = await postgresMissing();
const it = itNeeds(missing);
let database: TestDatabase | undefined;
let a: PgStore | undefined;
let b: PgStore | undefined;

beforeAll(async () => {
  if (missing) return;
  database = await freshDatabase();
  a = await openPgStore(database.url);
  b = await openPgStore(database.url);
  const m = await migratePg(a);
  if (m.error) throw m.error;
}, 60_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await database?.drop();
});

describe('event tokens on PostgreSQL', () => {
  it('tells fresh, same and replay, deletes expired tokens, and gives one fresh to two hosts racing', async () => {
    const use = (s: PgStore, token: string, id: string, now: number) => useEventTokenPg(s.db, 'mailgun', token, id, now, now + 301);
    expect(await use(a!, 't1', 'e1', 1000)).toBe('fresh');
    expect(await use(b!, 't1', 'e1', 1001)).toBe('same');
    expect(await use(b!, 't1', 'e2', 1001)).toBe('replay');
    // past its expiry, t1 is deleted by the next use
    expect(await use(a!, 't2', 'e3', 2000)).toBe('fresh');
    const left = await a!.db.selectFrom('event_tokens' as never).select('token' as never).execute();
    expect(left).toEqual([{ token: 't2' }]);
    const raced = await Promise.all([use(a!, 't3', 'x', 2001), use(b!, 't3', 'y', 2001)]);
    expect(raced.sort()).toEqual(['fresh', 'replay']);
  });
});
