// The per-host processor with a shared PostgreSQL store, on real parts: the SMTP listener answers
// 250 once its local SQLite spool has committed, and the spool is forwarded into PostgreSQL. The
// database is cut (a TCP proxy in front of it, so other tests' PostgreSQL is left alone): the spool
// grows, SMTP still answers 250 until spool.maxBytes and then 451 4.3.0, the logs and /metrics show
// the backlog; restored, the spool drains, each message in PostgreSQL once. A second host spooling
// the same bytes adds nothing there.
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import pg from 'pg';
import { hard } from '../helpers.js';
import { RawSmtp } from '../helpers/smtp-client.js';
import { testServer, type TestServer } from '../helpers/serve.js';
import { itNeeds } from '../helpers/integration.js';
import { freshDatabase, postgresMissing, type TestDatabase } from '../helpers/postgres.js';
import { type TcpProxy, tcpProxy } from '../helpers/tcp-proxy.js';

const missing = await postgresMissing();
const it = itNeeds(missing);
let database: TestDatabase | undefined;
let proxy: TcpProxy | undefined;
const servers: TestServer[] = [];
const clients: RawSmtp[] = [];

beforeAll(async () => {
  if (missing) return;
  database = await freshDatabase();
  const u = new URL(database.url);
  proxy = await tcpProxy({ host: u.hostname, port: Number(u.port || 5432) });
}, 60_000);

afterEach(async () => {
  for (const c of clients.splice(0)) await c.quit();
  for (const s of servers.splice(0)) await s.cleanup();
});

afterAll(async () => {
  await proxy?.close();
  await database?.drop();
});

/** the database's URL through the proxy */
const viaProxy = () => {
  const u = new URL(database!.url);
  u.port = String(proxy!.port);
  return u.toString();
};

async function count(sqlText: string): Promise<number> {
  const c = new pg.Client({ connectionString: database!.url });
  await c.connect();
  try {
    return Number((await c.query(sqlText)).rows[0].n);
  } finally {
    await c.end();
  }
}

async function until(what: string, fn: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function session(port: number) {
  const { client } = await RawSmtp.open(port);
  clients.push(client);
  expect((await client.cmd('EHLO client.test'))?.code).toBe(250);
  return client;
}

const msg = (i: number) => Buffer.concat([hard(`gone${i}@dest.example`, `fwd-${i}`), Buffer.alloc(3000, 'z')]);

it('forwards the local spool into PostgreSQL; while it is down the spool grows, 451 at spool.maxBytes, and it drains once it is back', async () => {
  const s = await testServer({}, { storeUrl: viaProxy(), spool: { maxBytes: msg(0).length * 2 + 2000 } });
  servers.push(s);
  const client = await session(s.port);
  expect(await client.send('', ['bounces@bounce.test'], msg(1))).toMatchObject({ code: 250 });
  await until('the first message in PostgreSQL', async () => (await count("select count(*) as n from suppressions where address = 'gone1@dest.example'")) === 1);
  // the local row is marked done, with what PostgreSQL made of it
  await s.processed();
  expect(s.count('messages', "status = 'parsed' and kind = 'bounce'")).toBe(1);
  expect(s.count('bounces')).toBe(0); // records and policy live in PostgreSQL only

  await proxy!.cut();
  expect(await client.send('', ['bounces@bounce.test'], msg(2))).toMatchObject({ code: 250 });
  expect(await client.send('', ['bounces@bounce.test'], msg(3))).toMatchObject({ code: 250 });
  expect(await client.send('', ['bounces@bounce.test'], msg(4))).toMatchObject({ code: 451, text: expect.stringMatching(/^4\.3\.0 /) });
  await until('a logged forwarding failure', () => s.lines.some((l) => l.msg === 'forwarding spooled messages to the shared store failed: they stay in the local spool'));
  const failure = s.lines.find((l) => l.msg === 'forwarding spooled messages to the shared store failed: they stay in the local spool')!;
  expect(failure.backlogBytes).toBeGreaterThan(0);
  expect(s.count('messages', "status = 'pending'")).toBe(2);
  const metrics = (await s.metrics.scrape()).text;
  expect(metrics).toMatch(/^rebound_messages_pending 2$/m);

  await proxy!.restore();
  await s.processed(30_000);
  expect(s.lines.some((l) => l.msg === 'the shared store answers again: forwarding the spool')).toBe(true);
  expect(await client.send('', ['bounces@bounce.test'], msg(4))).toMatchObject({ code: 250 });
  await s.processed(30_000);
  expect(await count('select count(*) as n from messages')).toBe(4);
  expect(await count("select count(*) as n from suppressions where lifted_at is null and type = 'hard'")).toBe(4);
  expect(await count('select count(distinct address) as n from suppressions')).toBe(4);

  // a crash between the PostgreSQL commit and the local mark: the rows are forwarded again, and
  // PostgreSQL keeps each message, record and suppression once
  s.store.sqlite.prepare("update messages set status = 'pending'").run();
  (s.spooler.processing as { kick(): void }).kick();
  await s.processed(30_000);
  expect(s.count('messages', "status = 'parsed'")).toBe(4);
  expect([await count('select count(*) as n from messages'), await count('select count(*) as n from bounces'), await count('select count(*) as n from suppressions')]).toEqual([4, 4, 4]);

  // a second host takes a bounce for the same address: one suppression still, counted on it
  const other = await testServer({}, { storeUrl: database!.url });
  servers.push(other);
  const c2 = await session(other.port);
  expect(await c2.send('', ['bounces@bounce.test'], hard('gone1@dest.example', 'fwd-other'))).toMatchObject({ code: 250 });
  await other.processed(30_000);
  expect(other.count('messages', "status = 'parsed'")).toBe(1);
  expect(await count("select count(*) as n from bounces where recipient = 'gone1@dest.example'")).toBe(2);
  expect(await count("select count(*) as n from suppressions where address = 'gone1@dest.example'")).toBe(1);
  expect(await count("select event_count as n from suppressions where address = 'gone1@dest.example'")).toBe(2);
}, 120_000);
