// `rebound store copy`: a SQLite store moved into a real PostgreSQL database, every table and id,
// the bytes exactly; a second copy into the same database is refused.
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { type Kysely, sql } from 'kysely';
import { openPgStore, type PgStore } from '../../src/store/pg/open.js';
import { spoolRaw, ingest } from '../../src/pipeline/ingest.js';
import { suppressAddress } from '../../src/policy/manual.js';
import { putImapState } from '../../src/store/imap-state.js';
import { statement } from '../../src/store/sync.js';
import { itNeeds } from '../helpers/integration.js';
import { freshDatabase, postgresMissing, type TestDatabase } from '../helpers/postgres.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { at, complaint, hard, mailboxFull, tempStore, type TempStore } from '../helpers.js';

const missing = await postgresMissing();
const it = itNeeds(missing);
let database: TestDatabase | undefined;
let pgStore: PgStore | undefined;
let t: TempStore | undefined;
type Rows = Kysely<Record<string, Record<string, unknown>>>;

beforeAll(async () => {
  if (missing) return;
  ensureBuilt(['cli/store.js', 'store/pg/copy.js']);
  database = await freshDatabase();
}, 60_000);

afterAll(async () => {
  await pgStore?.close();
  await t?.cleanup();
  await database?.drop();
});

const TABLES = ['messages', 'message_raw', 'bounces', 'suppressions', 'soft_state', 'manual_actions', 'imap_state', 'webhook_outbox', 'sns_subscriptions', 'alerts', 'review_marks'];

describe('rebound store copy', () => {
  it('copies every row of every table, ids and bytes kept, and refuses to copy into a database that holds data', async () => {
    t = await tempStore();
    ingest(t.ctx, hard('gone@dest.example'), at('2024-05-01T08:00:00Z'));
    ingest(t.ctx, complaint('reader@dest.example', 'abuse'), at('2024-05-02T08:00:00Z'));
    ingest(t.ctx, mailboxFull('full@dest.example'), at('2024-05-03T08:00:00Z'));
    suppressAddress(t.ctx, 'ceo@dest.example', 'asked by phone');
    spoolRaw(t.ctx, hard('later@dest.example'), { source: 'smtp' });
    putImapState(t.store, 'bounces@imap.example/INBOX', 7, 42, new Date('2024-05-04T00:00:00Z'));
    const sqliteCount = (table: string) => (statement(t!.store, `select count(*) as n from ${table}`).get() as { n: number }).n;

    const r = await runCli(['store', 'copy', '--from', `sqlite:${t.store.path}`, '--to', database!.url], {});
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`messages: ${sqliteCount('messages')}\n`);

    pgStore = openPgStore(database!.url);
    const db = pgStore.db as unknown as Rows;
    for (const table of TABLES) {
      const n = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
      expect(Number(n.rows[0]!.n), table).toBe(sqliteCount(table));
    }
    expect(sqliteCount('messages')).toBe(4);
    // the bytes, exactly
    const raw = statement(t.store, 'select message_id, raw from message_raw order by message_id').all() as Array<{ message_id: number; raw: Buffer }>;
    const copied = await db.selectFrom('message_raw').select(['message_id', 'raw']).orderBy('message_id').execute();
    expect(copied.map((c) => [Number(c.message_id), (c.raw as Buffer).toString('hex')])).toEqual(raw.map((c) => [c.message_id, c.raw.toString('hex')]));
    // ids kept: the suppressions point at the same records, and the next id follows the copied ones
    const sup = await db.selectFrom('suppressions').select(['address', 'bounce_id', 'type']).orderBy('address').execute();
    const sqliteSup = statement(t.store, 'select address, bounce_id, type from suppressions order by address').all() as Array<Record<string, unknown>>;
    expect(sup.map((s) => ({ ...s, bounce_id: s.bounce_id === null ? null : Number(s.bounce_id) }))).toEqual(sqliteSup);
    const next = await db
      .insertInto('manual_actions')
      .values({ address: 'x@dest.example', action: 'suppress', text: 'test', at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(Number(next.id)).toBe(sqliteCount('manual_actions') + 1);
    // times arrive as times
    const m = await db.selectFrom('messages').select('received_at').orderBy('id').executeTakeFirstOrThrow();
    expect(m.received_at).toBe('2024-05-01T08:00:00.000Z'); // read back as SQLite keeps it (store/pg/types.ts)
    const typed = await sql<{ t: string }>`select pg_typeof(received_at)::text as t from messages limit 1`.execute(db);
    expect(typed.rows[0]!.t).toBe('timestamp with time zone');
    // the dashboard's roll-ups, not copied, made again by PostgreSQL's triggers as the rows came in: the same as SQLite's
    const rollups: Array<[sqlite: string, postgres: string]> = [
      ["select hour, bucket, n from stats_hourly where n != 0", `select to_char(hour, 'YYYY-MM-DD"T"HH24') as hour, bucket, n from stats_hourly`],
      [
        'select day, dim, key, hard, soft, complaint, other from stats_daily where hard + soft + complaint + other != 0',
        "select to_char(day, 'YYYY-MM-DD') as day, dim, key, hard, soft, complaint, other from stats_daily",
      ],
      ['select day, kind, n from stats_suppressions where n != 0', "select to_char(day, 'YYYY-MM-DD') as day, kind, n from stats_suppressions"],
    ];
    const rowsOf = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();
    for (const [lite, pg] of rollups) {
      const want = rowsOf(statement(t.store, lite).all());
      expect(want.length, lite).toBeGreaterThan(0);
      expect(rowsOf((await sql.raw(pg).execute(db)).rows), pg).toEqual(want);
    }

    const again = await runCli(['store', 'copy', '--from', `sqlite:${t.store.path}`, '--to', database!.url], {});
    expect([again.status, again.stderr]).toEqual([2, 'rebound: the target already holds messages: copy into an empty database\n']);
    const nowhere = await runCli(['store', 'copy', '--from', 'sqlite:/nonexistent/r.db', '--to', database!.url], {});
    expect([nowhere.status, nowhere.stderr]).toEqual([2, 'rebound: no SQLite store at /nonexistent/r.db\n']);
  }, 60_000);
});
