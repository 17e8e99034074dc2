// The PostgreSQL schema, on a real PostgreSQL: `rebound migrate --url` makes it (and finds it up to
// date the second time), and it holds what several hosts writing at once rely on.
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { type Kysely, sql } from 'kysely';
import { migratePg, openPgStore, type PgStore } from '../../src/store/pg/open.js';
import { itNeeds } from '../helpers/integration.js';
import { freshDatabase, postgresMissing, type TestDatabase } from '../helpers/postgres.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';

const missing = await postgresMissing();
const it = itNeeds(missing);
let database: TestDatabase | undefined;
let store: PgStore | undefined;
/** the tables as plain rows: this test checks the schema, not the typed queries */
type Rows = Kysely<Record<string, Record<string, unknown>>>;
const tables = () => store!.db as unknown as Rows;

beforeAll(async () => {
  if (missing) return;
  ensureBuilt(['store/pg/open.js']);
  database = await freshDatabase();
}, 60_000);

afterAll(async () => {
  await store?.close();
  await database?.drop();
});

const suppression = (address: string, lifted: string | null = null) => ({
  address,
  domain: address.split('@')[1],
  type: 'hard',
  reason: 'userunknown',
  suppressed_at: '2024-05-06T12:00:00Z',
  first_event_at: '2024-05-06T12:00:00Z',
  last_event_at: '2024-05-06T12:00:00Z',
  event_count: 1,
  lifted_at: lifted,
});

describe('the PostgreSQL schema', () => {
  it('is made by rebound migrate --url, which then finds it up to date', async () => {
    const first = await runCli(['migrate', '--url', database!.url], {});
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe('0007-postgres: Success\n0008-provider-events: Success\n0009-dashboard: Success\n0010-shared-store: Success\n0011-coordination: Success\n0012-event-tokens: Success\n0013-rollups: Success\n');
    expect(first.status).toBe(0);
    const again = await runCli(['migrate', '--url', database!.url], {});
    expect(again.stdout).toMatch(/: schema up to date\n$/);
    const bad = await runCli(['migrate', '--url', 'mysql://localhost/x'], {});
    expect([bad.status, bad.stderr]).toEqual([2, 'rebound: not a PostgreSQL URL (postgres://…): mysql://localhost/x\n']);
    store = openPgStore(database!.url);
    expect((await migratePg(store)).results).toEqual([]);
  }, 60_000);

  it('inserts a message once by its SHA-256, whichever host comes second, and keeps its bytes exactly', async () => {
    const db = tables();
    const row = { sha256: 'ab'.repeat(32), size: 3, source: 'smtp', received_at: new Date(), spooled_at: new Date(), status: 'pending' };
    const a = await db.insertInto('messages').values(row).onConflict((oc) => oc.column('sha256').doNothing()).returning('id').execute();
    const b = await db.insertInto('messages').values(row).onConflict((oc) => oc.column('sha256').doNothing()).returning('id').execute();
    expect(a).toHaveLength(1);
    expect(b).toEqual([]);
    const bytes = Buffer.from([0, 255, 13, 10, 0x80]);
    await db.insertInto('message_raw').values({ message_id: a[0]!.id, raw: bytes }).execute();
    const back = await db.selectFrom('message_raw').select('raw').where('message_id', '=', a[0]!.id).executeTakeFirstOrThrow();
    expect(Buffer.compare(back.raw as Buffer, bytes)).toBe(0);
  });

  it('refuses a second active suppression of an address, and takes a new one once the first is lifted', async () => {
    const db = tables();
    await db.insertInto('suppressions').values(suppression('gone@dest.example')).execute();
    await expect(db.insertInto('suppressions').values(suppression('gone@dest.example')).execute()).rejects.toMatchObject({ code: '23505' });
    await db.updateTable('suppressions').set({ lifted_at: new Date() }).where('address', '=', 'gone@dest.example').execute();
    await db.insertInto('suppressions').values(suppression('gone@dest.example')).execute();
    const rows = await db.selectFrom('suppressions').select(['id', 'lifted_at']).where('address', '=', 'gone@dest.example').orderBy('id').execute();
    expect(rows.map((r) => r.lifted_at === null)).toEqual([false, true]);
  });

  it('lets two hosts claim pending messages at once without taking the same one (FOR UPDATE SKIP LOCKED)', async () => {
    const db = tables();
    for (let i = 0; i < 6; i++) {
      await db.insertInto('messages').values({ sha256: `c${i}`.padEnd(64, '0'), size: 1, source: 'smtp', received_at: new Date(), spooled_at: new Date(), status: 'pending' }).execute();
    }
    const claim = (trx: typeof db) =>
      sql<{ id: string }>`select id from messages where status = 'pending' order by id limit 3 for update skip locked`.execute(trx).then((r) => r.rows.map((x) => x.id));
    // the first claim holds its rows while the second one runs
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let first: string[] = [];
    const one = db.transaction().execute(async (trx) => {
      first = await claim(trx);
      await held;
    });
    while (first.length === 0) await new Promise((r) => setTimeout(r, 10));
    const second = await db.transaction().execute((trx) => claim(trx));
    release();
    await one;
    expect(first).toHaveLength(3);
    expect(second).toHaveLength(3);
    expect(first.filter((id) => second.includes(id))).toEqual([]);
  });
});
