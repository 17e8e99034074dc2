// A group into PostgreSQL in a few multi-row statements (store/pg/write-batch.ts) leaves the store as
// the same messages ingested one at a time do: the same messages, records, suppressions (made,
// counted, upgraded, lifted, expired and made again), soft state and webhook events. What the batch
// does not cover (a message already pending) goes the one-at-a-time way and ends the same.
import { afterEach, expect } from 'vitest';
import { type Kysely, sql } from 'kysely';
import { parseWebhookSettings } from '../../src/config/webhooks.js';
import { openPgStore, type PgStore } from '../../src/store/pg/open.js';
import { pgPortOf } from '../../src/store/pg/context-port.js';
import { pipelineContext } from '../../src/pipeline/context.js';
import { type IngestMeta, safeParse } from '../../src/pipeline/ingest.js';
import { at, complaint, delivered, hard, mailboxFull } from '../helpers.js';
import { type BackendStore, backendStore } from '../helpers/backends.js';
import { itNeeds } from '../helpers/integration.js';
import { postgresMissing } from '../helpers/postgres.js';

const it = itNeeds(await postgresMissing());
const stores: BackendStore[] = [];
const pools: PgStore[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) await p.close();
  for (const s of stores.splice(0)) await s.cleanup();
});

const webhook = parseWebhookSettings({
  urls: ['http://127.0.0.1:9/hook'],
  secret: 'whsec-0123456789abcdef',
  events: ['suppression.created', 'suppression.lifted', 'bounce.recorded'],
});

/** a PostgreSQL store with webhooks, and a pool of its own to read it */
async function store(): Promise<{ t: BackendStore; db: Kysely<any> }> {
  const t = await backendStore('postgres', { wiring: { webhook } });
  stores.push(t);
  const pool = openPgStore(t.url!, { max: 2 });
  pools.push(pool);
  return { t, db: pool.db as Kysely<any> };
}

const day = (d: number, h = 10) => `2024-05-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00.000Z`;
const item = (raw: Buffer, when: string, meta: Partial<IngestMeta> = {}) => ({ raw, meta: { ...at(when), ...meta } });

/** what the store holds, without the ids the database numbered (they differ between runs) */
async function contents(db: Kysely<any>) {
  // every column (the batch writes each in a statement of its own making, write-batch.ts unnestInsert)
  const messages = (await db.selectFrom('messages as m').innerJoin('message_raw as r', 'r.message_id', 'm.id').selectAll('m').select('r.raw').orderBy('m.sha256').execute()).map(
    ({ id: _id, ...m }) => m,
  );
  const bounces = (
    await db.selectFrom('bounces as b').innerJoin('messages as m', 'm.id', 'b.message_id').selectAll('b').select('m.sha256').orderBy('m.sha256').orderBy('b.recipient').execute()
  ).map(({ id: _id, message_id: _m, ...b }) => b);
  const suppressions = await db
    .selectFrom('suppressions as s')
    .leftJoin('bounces as b', 'b.id', 's.bounce_id')
    .leftJoin('messages as m', 'm.id', 'b.message_id')
    .select(['s.address', 's.type', 's.reason', 's.suppressed_at', 's.first_event_at', 's.last_event_at', 's.event_count', 's.expires_at', 's.lifted_at', 's.note', 'm.sha256 as by'])
    .orderBy('s.address')
    .orderBy('s.suppressed_at')
    .execute();
  const soft = await db.selectFrom('soft_state').selectAll().orderBy('address').execute();
  const events = (await db.selectFrom('webhook_outbox').select(['event_type', 'body']).orderBy('id').execute()).map((e) => ({
    type: e.event_type,
    data: JSON.parse(e.body, (k, v) => (k === 'id' || k.endsWith('_id') || k === 'bounceId' || k === 'suppressionId' || k === 'messageId' ? typeof v : v)),
  }));
  return { messages, bounces, suppressions, soft, events };
}

/** ingested as one group into one store, one message at a time into another: the same contents */
async function sameAsOneByOne(group: Array<{ raw: Buffer; meta: IngestMeta }>, before: Array<{ raw: Buffer; meta: IngestMeta }> = []) {
  const [a, b] = [await store(), await store()];
  for (const x of before) {
    await a.t.ctx.port.ingest(x.raw, x.meta);
    await b.t.ctx.port.ingest(x.raw, x.meta);
  }
  const grouped = await a.t.ctx.port.ingestGroup(group);
  // numbered in input order, as one message at a time
  const ids = grouped.filter((r) => !r.duplicate).map((r) => r.messageId);
  expect(ids).toEqual([...ids].sort((x, y) => x - y));
  const single = [];
  for (const x of group) single.push(await b.t.ctx.port.ingest(x.raw, x.meta));
  const strip = (r: { messageId: number; sha256: string; duplicate: boolean; status: string; kind: unknown; records: number; suppressed: string[] }) => [r.sha256, r.duplicate, r.status, r.kind, r.records, r.suppressed];
  expect(grouped.map(strip)).toEqual(single.map(strip));
  const ca = await contents(a.db);
  expect(ca).toEqual(await contents(b.db));
  return { results: grouped, contents: ca };
}

it('writes a group as one message at a time would: suppressions made, counted, upgraded, lifted', async () => {
  const soft = (d: number, r = 'full@dest.example') => item(mailboxFull(r, `s${d}-${r}`), day(d));
  const { results, contents: c } = await sameAsOneByOne([
    soft(1), soft(2), soft(3), // three soft bounces on three days: a soft suppression
    item(hard('full@dest.example', 'h-full'), day(4)), // made hard: upgraded
    item(hard('gone@dest.example', 'h1'), day(1)),
    item(hard('gone@dest.example', 'h2'), day(2)), // counted on it
    item(hard('gone@dest.example', 'h1'), day(1)), // the same bytes again, later in the group: a duplicate
    soft(1, 'lift@dest.example'), soft(2, 'lift@dest.example'), soft(3, 'lift@dest.example'),
    item(delivered('lift@dest.example', 'd-lift'), day(5)), // a delivery lifts the soft suppression
    item(complaint('angry@dest.example', 'abuse', 'c1'), day(2)),
    item(hard('old@dest.example', 'o2'), day(9)), // already suppressed before the group
    item(hard('event@dest.example', 'e1'), day(3), { eventKey: 'mailgun:1' }),
    item(hard('event@dest.example', 'e2'), day(3), { eventKey: 'mailgun:1' }), // the same event, other bytes
  ], [item(hard('old@dest.example', 'o1'), day(1))]);
  expect(results.map((r) => r.duplicate)).toEqual([false, false, false, false, false, false, true, false, false, false, false, false, false, false, true]);
  expect(c.suppressions.map((s) => [s.address, s.type, s.event_count, s.lifted_at !== null])).toEqual([
    ['angry@dest.example', 'complaint', 1, false],
    ['event@dest.example', 'hard', 1, false],
    ['full@dest.example', 'hard', 4, false],
    ['gone@dest.example', 'hard', 2, false],
    ['lift@dest.example', 'soft', 3, true],
    ['old@dest.example', 'hard', 2, false],
  ]);
  expect(c.events.length).toBeGreaterThan(0);
});

it('lifts an expired soft suppression and makes a new one, in the group or before it', async () => {
  const soft = (d: number, r: string) => item(mailboxFull(r, `s${d}-${r}`), day(d));
  const late = '2024-08-01T10:00:00.000Z'; // after the 30 days of expiry
  const { contents: c } = await sameAsOneByOne(
    [item(hard('before@dest.example', 'late-b'), late), soft(1, 'within@dest.example'), soft(2, 'within@dest.example'), soft(3, 'within@dest.example'), item(hard('within@dest.example', 'late-w'), late)],
    [soft(1, 'before@dest.example'), soft(2, 'before@dest.example'), soft(3, 'before@dest.example')],
  );
  expect(c.suppressions.map((s) => [s.address, s.type, s.note, s.lifted_at])).toEqual([
    ['before@dest.example', 'soft', 'expired', '2024-06-02T10:00:00.000Z'],
    ['before@dest.example', 'hard', null, null],
    ['within@dest.example', 'soft', 'expired', '2024-06-02T10:00:00.000Z'],
    ['within@dest.example', 'hard', null, null],
  ]);
});

it('reads the state left before the group (soft bounces counted, a suppression held) and writes on it in its one transaction', async () => {
  const soft = (d: number) => item(mailboxFull('count@dest.example', `s${d}`), day(d));
  const before = [soft(1), soft(2), item(hard('held@dest.example', 'h1'), day(1))];
  const { results, contents: c } = await sameAsOneByOne([soft(3), item(hard('held@dest.example', 'h2'), day(4))], before);
  expect(c.suppressions.map((s) => [s.address, s.type, s.event_count, s.lifted_at])).toEqual([
    ['count@dest.example', 'soft', 3, null], // the third soft bounce: two of them counted before the group
    ['held@dest.example', 'hard', 2, null], // counted on the one held
  ]);
  // numbered right after the messages before it: written by the batch, not after a batch given up
  // (whose inserts, rolled back, would have used up numbers)
  expect(results.map((r) => r.messageId)).toEqual([before.length + 1, before.length + 2]);
});

it('takes a group with a message already pending the one-at-a-time way, with the same result', async () => {
  const { t, db } = await store();
  const pendingRaw = hard('pending@dest.example', 'p');
  await t.ctx.port.spool([{ raw: pendingRaw, meta: at(day(1)) }]);
  const r = await t.ctx.port.ingestGroup([item(hard('new@dest.example', 'n'), day(2)), { raw: pendingRaw, meta: at(day(1)) }]);
  expect(r.map((x) => [x.duplicate, x.status, x.suppressed])).toEqual([[false, 'parsed', ['new@dest.example']], [true, 'parsed', ['pending@dest.example']]]);
  expect((await db.selectFrom('suppressions').select('address').orderBy('address').execute()).map((s) => s.address)).toEqual(['new@dest.example', 'pending@dest.example']);
  expect(await db.selectFrom('messages').select('status').where('status', '=', 'pending').execute()).toEqual([]);
});

it('a second ingest of the same group changes nothing', async () => {
  const { t, db } = await store();
  const group = [item(hard('a@dest.example', 'a'), day(1)), item(mailboxFull('b@dest.example', 'b'), day(1)), item(complaint('c@dest.example', 'abuse', 'c'), day(1))];
  await t.ctx.port.ingestGroup(group);
  const first = await contents(db);
  const again = await t.ctx.port.ingestGroup(group);
  expect(again.map((r) => [r.duplicate, r.records, r.suppressed])).toEqual(group.map(() => [true, 0, []]));
  expect(await contents(db)).toEqual(first);
  // and the same for a pool of another host
  const other = openPgStore(t.url!, { max: 2 });
  pools.push(other);
  await pipelineContext(t.store, {}, pgPortOf(other, { webhook })).port.ingestGroup(group);
  expect(await contents(db)).toEqual(first);
});

it('a group parsed already (by a parse pool) is stored as the same group parsed here', async () => {
  const group = [item(hard('a@dest.example', 'a'), day(1)), item(mailboxFull('b@dest.example', 'b'), day(1)), item(complaint('c@dest.example', 'abuse', 'c'), day(2))];
  const here = await store();
  await here.t.ctx.port.ingestGroup(group);
  const pre = await store();
  const parsed = group.map((g) => safeParse(g.raw, pre.t.store.classifier, null));
  const r = await pre.t.ctx.port.ingestGroup(group.map((g, i) => ({ ...g, parsed: parsed[i]! })));
  expect(r.map((x) => [x.duplicate, x.status, x.suppressed])).toEqual([
    [false, 'parsed', ['a@dest.example']],
    [false, 'parsed', []],
    [false, 'parsed', ['c@dest.example']],
  ]);
  expect(await contents(pre.db)).toEqual(await contents(here.db));
});

it('stores raw messages compressed with lz4 where the server has it', async () => {
  const { t, db } = await store();
  const lz4 = await sql<{ n: number }>`select count(*)::int as n from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)`.execute(db);
  await t.ctx.port.ingestGroup([item(Buffer.concat([hard('big@dest.example', 'big'), Buffer.alloc(20_000, 'z')]), day(1))]);
  const r = await sql<{ c: string | null }>`select pg_column_compression(raw) as c from message_raw`.execute(db);
  expect(r.rows).toEqual([{ c: lz4.rows[0]!.n === 1 ? 'lz4' : 'pglz' }]);
});
