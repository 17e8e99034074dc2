// Several hosts writing one PostgreSQL store at once (two pools here, as two hosts would have): the
// same bytes are stored once, an address's policy state loses no event and keeps one active
// suppression, pending messages and outbox rows are each claimed by one host.
import { afterEach, expect } from 'vitest';
import type { Kysely } from 'kysely';
import { parseWebhookSettings } from '../../src/config/webhooks.js';
import { openPgStore, type PgStore } from '../../src/store/pg/open.js';
import { pgPortOf } from '../../src/store/pg/context-port.js';
import { pipelineContext } from '../../src/pipeline/context.js';
import type { StorePort } from '../../src/store/port.js';
import { at, hard, mailboxFull } from '../helpers.js';
import { type BackendStore, backendStore } from '../helpers/backends.js';
import { itNeeds } from '../helpers/integration.js';
import { postgresMissing } from '../helpers/postgres.js';

const it = itNeeds(await postgresMissing());
let t: BackendStore | undefined;
let second: PgStore | undefined;
afterEach(async () => {
  await second?.close();
  await t?.cleanup();
  t = second = undefined;
});

const webhook = parseWebhookSettings({ urls: ['http://127.0.0.1:9/hook'], secret: 'whsec-0123456789abcdef' });

/** host A (the test store's port) and host B (a pool of its own on the same database) */
async function twoHosts(): Promise<[StorePort, StorePort, Kysely<any>]> {
  t = await backendStore('postgres', { wiring: { webhook } });
  second = openPgStore(t.url!, { max: 4 });
  const b = pipelineContext(t.store, {}, pgPortOf(second, { webhook })).port;
  return [t.ctx.port, b, second.db as Kysely<any>];
}

const n = async (db: Kysely<any>, table: string) => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

it('stores the same bytes once, whichever host and however many at once', async () => {
  const [a, b, db] = await twoHosts();
  const raw = hard('gone@dest.example', 'same');
  const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).ingest(raw, at('2024-05-06T10:00:00Z'))));
  expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
  expect(new Set(results.map((r) => r.messageId)).size).toBe(1);
  expect([await n(db, 'messages'), await n(db, 'bounces'), await n(db, 'suppressions'), await n(db, 'webhook_outbox')]).toEqual([1, 1, 1, 1]); // one suppression.created event (the default events)
});

it('serialises an address: every concurrent event counted, one active suppression', async () => {
  const [a, b, db] = await twoHosts();
  const hards = Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).ingest(hard('gone@dest.example', `h${i}`), at(`2024-05-06T10:00:0${i}Z`)));
  const softs = Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).ingest(mailboxFull('full@dest.example', `s${i}`), at(`2024-05-06T10:00:0${i}Z`)));
  await Promise.all([...hards, ...softs]);
  const gone = await db.selectFrom('suppressions').selectAll().where('address', '=', 'gone@dest.example').execute();
  expect(gone).toHaveLength(1);
  expect(gone[0]).toMatchObject({ type: 'hard', event_count: 10 });
  // soft bounces on one day: counted, all of them, no suppression (two days are needed)
  const soft = await db.selectFrom('soft_state').selectAll().where('address', '=', 'full@dest.example').executeTakeFirstOrThrow();
  expect([soft.total, JSON.parse(soft.events).length]).toEqual([10, 10]);
  expect((await a.check('full@dest.example', new Date('2024-05-06T11:00:00Z'))).sendable).toBe(true);
});

it('hands each pending message and each outbox row to one host', async () => {
  const [a, b, db] = await twoHosts();
  const spooled = await a.spool(Array.from({ length: 20 }, (_, i) => ({ raw: hard(`r${i}@dest.example`, `p${i}`), meta: at('2024-05-06T10:00:00Z') })));
  expect(spooled.every((r) => !(r instanceof Error))).toBe(true);
  const [pa, pb] = await Promise.all([a.processPending(100), b.processPending(100)]);
  expect(pa.length + pb.length).toBe(20);
  expect(new Set([...pa, ...pb].map((r) => r.messageId)).size).toBe(20);
  expect([await n(db, 'bounces'), await n(db, 'suppressions'), await n(db, 'webhook_outbox')]).toEqual([20, 20, 20]);
  const now = new Date('2030-01-01T00:00:00Z');
  const lease = new Date(now.getTime() + 60_000);
  const [ca, cb] = await Promise.all([a.claimOutbox(webhook.urls[0]!, now, lease, 15), b.claimOutbox(webhook.urls[0]!, now, lease, 15)]);
  expect(ca.length + cb.length).toBe(20);
  expect(new Set([...ca, ...cb].map((r) => r.id)).size).toBe(20);
});

it('writes overlapping groups from two hosts without a deadlock (the locks are taken in one order)', async () => {
  const [a, b, db] = await twoHosts();
  const addresses = Array.from({ length: 8 }, (_, i) => `x${i}@dest.example`);
  const group = (host: string, order: string[]) => order.map((addr, i) => ({ raw: hard(addr, `${host}-${i}`), meta: at(`2024-05-06T10:00:0${i}Z`) }));
  // the same addresses in opposite orders, and the same bytes on both sides, several rounds at once
  const same = addresses.map((addr) => ({ raw: hard(addr, 'shared'), meta: at('2024-05-06T09:00:00Z') }));
  await Promise.all(
    Array.from({ length: 4 }, (_, r) => [a.ingestGroup([...group(`a${r}`, addresses), ...same]), b.ingestGroup([...same.slice().reverse(), ...group(`b${r}`, addresses.slice().reverse())])]).flat(),
  );
  expect(await n(db, 'messages')).toBe(8 * 4 * 2 + 8);
  const rows = await db.selectFrom('suppressions').select(['address', 'event_count']).orderBy('address').execute();
  expect(rows).toEqual(addresses.map((address) => ({ address, event_count: 4 * 2 + 1 })));
});

it('writes groups on one host and single messages on another at once, for the same addresses: each event counted once', async () => {
  const [a, b, db] = await twoHosts();
  const addresses = Array.from({ length: 6 }, (_, i) => `y${i}@dest.example`);
  // a group takes its messages' keys, then (after its inserts) its addresses; a single message both at once
  const group = (r: number) => addresses.map((addr, i) => ({ raw: hard(addr, `g${r}-${i}`), meta: at(`2024-05-06T10:00:0${i}Z`) }));
  const singles = (r: number) => addresses.slice().reverse().map((addr, i) => b.ingest(hard(addr, `s${r}-${i}`), at(`2024-05-06T11:00:0${i}Z`)));
  await Promise.all(Array.from({ length: 3 }, (_, r) => [a.ingestGroup(group(r)), ...singles(r)]).flat());
  expect(await n(db, 'messages')).toBe(6 * 3 * 2);
  const rows = await db.selectFrom('suppressions').select(['address', 'event_count']).orderBy('address').execute();
  expect(rows).toEqual(addresses.map((address) => ({ address, event_count: 3 * 2 })));
});
