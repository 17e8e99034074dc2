// GET /v1/suppressions/{address} on PostgreSQL: lookups asked at once share a query (store/pg/
// lookup.ts), and each asker gets the answer the one-at-a-time query gives for its address and time.
import { afterEach, expect } from 'vitest';
import type { Kysely } from 'kysely';
import { activeSuppressionPg } from '../../src/store/pg/policy.js';
import { gatheredLookup } from '../../src/store/pg/lookup.js';
import { openPgStore, type PgStore } from '../../src/store/pg/open.js';
import { at, hard, mailboxFull } from '../helpers.js';
import { type BackendStore, backendStore } from '../helpers/backends.js';
import { itNeeds } from '../helpers/integration.js';
import { postgresMissing } from '../helpers/postgres.js';

const it = itNeeds(await postgresMissing());
let t: BackendStore | undefined;
let pool: PgStore | undefined;
afterEach(async () => {
  await pool?.close();
  await t?.cleanup();
  t = pool = undefined;
});

it('answers many lookups at once as one lookup at a time does: suppressed, not, expired, lifted', async () => {
  t = await backendStore('postgres');
  const port = t.ctx.port;
  await port.ingest(hard('gone@dest.example', 'g'), at('2024-05-01T10:00:00Z'));
  // three soft bounces on three days: a soft suppression that expires 30 days after the last
  for (const d of [1, 2, 3]) await port.ingest(mailboxFull('full@dest.example', `s${d}`), at(`2024-05-0${d}T10:00:00Z`));
  await port.ingest(hard('lifted@dest.example', 'l'), at('2024-05-01T10:00:00Z'));
  await port.unsuppress('lifted@dest.example', 'a mistake', new Date('2024-05-04T00:00:00Z'));
  pool = openPgStore(t.url!, { max: 2 });
  const db = pool.db as Kysely<any>;
  const lookup = gatheredLookup(db);
  const addresses = ['gone@dest.example', 'full@dest.example', 'lifted@dest.example', 'nobody@dest.example'];
  const times = ['2024-05-05T00:00:00.000Z', '2024-06-02T09:59:59.999Z', '2024-06-02T10:00:00.000Z', '2025-01-01T00:00:00.000Z'];
  const asks = Array.from({ length: 200 }, (_, i) => ({ address: addresses[i % 4]!, at: times[Math.floor(i / 4) % 4]! }));
  const gathered = await Promise.all(asks.map((a) => lookup(a.address, a.at)));
  const single = [];
  for (const a of asks) single.push(await activeSuppressionPg(db, a.address, a.at));
  expect(gathered).toEqual(single);
  // what the answers are: the soft one ends at its expiry, the lifted one is not active
  expect(gathered.slice(0, 16).map((s) => s?.type ?? null)).toEqual([
    'hard', 'soft', null, null, // 2024-05-05
    'hard', 'soft', null, null, // just before the soft one expires
    'hard', null, null, null, // at its expiry
    'hard', null, null, null,
  ]);
});

it('gives every asker the error when the query fails', async () => {
  t = await backendStore('postgres');
  // a database that is not there: the connection, so the query, fails
  const missing = new URL(t.url!);
  missing.pathname = `${missing.pathname}_missing`;
  pool = openPgStore(missing.toString(), { max: 1 });
  const lookup = gatheredLookup(pool.db as Kysely<any>);
  const asks = await Promise.allSettled(['a@x.example', 'b@x.example', 'a@x.example'].map((a) => lookup(a, '2024-05-05T00:00:00.000Z')));
  expect(asks.map((a) => (a.status === 'rejected' ? String(a.reason) : a.status))).toEqual(Array(3).fill(expect.stringMatching(/does not exist/)));
  // and the next lookup is asked, not stuck behind the failed one
  await expect(lookup('c@x.example', '2024-05-05T00:00:00.000Z')).rejects.toThrow(/does not exist/);
});
