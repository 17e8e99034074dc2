// Several MX hosts, one store, with real processes: two `rebound serve` hosts, each with its local
// SQLite spool, sharing one PostgreSQL database (this test's own, reached through a TCP proxy the
// test cuts and restores: a database outage for these hosts only, the server the other tests use is
// left alone) and one IMAP mailbox (a real Dovecot). 50 SMTP clients split across the two send hard
// bounces; mid-stream the host polling the mailbox is SIGKILLed and started again, and the database
// goes away for a few seconds. Afterwards every acknowledged message is in PostgreSQL exactly once,
// its recipient suppressed once, no client got a 5xx; the mailbox was processed once, the survivor
// having taken it over within the lease.
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildCli, runCli, spawnServe, type ServeProcess } from '../helpers/cli-process.js';
import { freePort } from '../helpers/ports.js';
import { freshDatabase, postgresMissing, type TestDatabase } from '../helpers/postgres.js';
import { type TcpProxy, tcpProxy } from '../helpers/tcp-proxy.js';
import { type Dovecot, dovecotMissing, startDovecot } from '../helpers/dovecot.js';
import { append, listMailbox } from '../helpers/imap.js';
import { RawSmtp } from '../helpers/smtp-client.js';
import { itNeeds } from '../helpers/integration.js';
import { hard } from '../helpers.js';

const missing = (await postgresMissing()) ?? dovecotMissing();
const it = itNeeds(missing);

const CLIENTS = 50;
const PER_CLIENT = 2;
const LEASE_SECONDS = 3;

let cli: string;
let dir: string;
let database: TestDatabase | undefined;
let proxy: TcpProxy | undefined;
let dovecot: Dovecot | undefined;
let db: pg.Client | undefined;
const processes: ServeProcess[] = [];
/** the processes this test kills on purpose */
const killing = new Set<ServeProcess>();
/** a host that ended by itself: the run stops with its log */
let failure: Error | null = null;

beforeAll(async () => {
  if (missing) return;
  cli = buildCli('multihost');
  dir = mkdtempSync(join(tmpdir(), 'rebound-multihost-'));
  database = await freshDatabase();
  const u = new URL(database.url);
  proxy = await tcpProxy({ host: u.hostname, port: Number(u.port || 5432) });
  dovecot = await startDovecot();
  db = new pg.Client({ connectionString: database.url });
  await db.connect();
}, 300_000);

afterAll(async () => {
  for (const p of processes) {
    killing.add(p);
    p.child.kill('SIGKILL');
  }
  await Promise.all(processes.map((p) => p.exited));
  await db?.end();
  await proxy?.close();
  await dovecot?.cleanup();
  await database?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const t0 = Date.now();
/** progress on standard error: a run on a loaded machine shows where it spends its time */
const step = (what: string) => process.stderr.write(`multihost +${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}\n`);

interface Host {
  id: string;
  smtpPort: number;
  proc: ServeProcess;
}

function viaProxy(): string {
  const u = new URL(database!.url);
  u.port = String(proxy!.port);
  return u.toString();
}

function hostEnv(id: string, smtpPort: number): NodeJS.ProcessEnv {
  return {
    REBOUND_STORE_URL: viaProxy(),
    REBOUND_HOST_ID: id,
    REBOUND_HOST_HEARTBEAT_SECONDS: '1',
    REBOUND_HOST_LEASE_SECONDS: String(LEASE_SECONDS),
    REBOUND_SMTP_PORT: String(smtpPort),
    REBOUND_SMTP_DOMAINS: 'bounce.test',
    REBOUND_IMAP_HOST: dovecot!.host,
    REBOUND_IMAP_PORT: String(dovecot!.port),
    REBOUND_IMAP_SECURE: 'false',
    REBOUND_IMAP_USER: dovecot!.user,
    REBOUND_IMAP_PASS: dovecot!.pass,
    REBOUND_IMAP_POLL_INTERVAL_MS: '500',
    REBOUND_LOG_LEVEL: 'info',
  };
}

async function startHost(id: string, smtpPort: number): Promise<Host> {
  const proc = await spawnServe(cli, ['--db', join(dir, `${id}.db`), 'serve'], hostEnv(id, smtpPort));
  processes.push(proc);
  void proc.exited.then(({ code, signal }) => {
    if (!killing.has(proc)) failure ??= new Error(`${id} exited by itself (${code ?? signal}); its log ends: ${proc.stderr().slice(-4000)}`);
  });
  return { id, smtpPort, proc };
}

const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) => (await db!.query<R>(text, values)).rows;

/** Retry `fn` until it gives a value (an assertion failing inside is retried), for `ms`. */
async function eventually<T>(what: string | (() => string), fn: () => Promise<T | undefined | false>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    if (failure) throw failure;
    const v = await fn().catch(() => undefined);
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`${typeof what === 'string' ? what : what()}: not within ${ms} ms`);
    await wait(250);
  }
}

describe('two serve hosts sharing one PostgreSQL store', () => {
  it('50 SMTP clients across both, one host SIGKILLed and restarted, the database cut: every acknowledged message stored once, suppressed once, no 5xx; the mailbox processed once and taken over', async () => {
    const ports = { 'mx-a': await freePort(), 'mx-b': await freePort() };
    const hosts: Record<string, Host> = {};
    hosts['mx-a'] = await startHost('mx-a', ports['mx-a']);
    hosts['mx-b'] = await startHost('mx-b', ports['mx-b']);

    // the mailbox: polled by one host only
    await append(dovecot!, 'INBOX', Array.from({ length: 10 }, (_, i) => hard(`imap-first${i}@dest.example`)));
    step('both hosts started; 10 messages in the mailbox');
    const holder = await eventually('an IMAP lease holder', async () => (await query<{ owner: string }>("select owner from leases where name like 'imap:%'"))[0]?.owner, 20_000);
    const survivor = holder === 'mx-a' ? 'mx-b' : 'mx-a';
    step(`${holder} polls the mailbox`);
    await eventually('the first 10 from the mailbox in PostgreSQL', async () => Number((await query<{ n: string }>("select count(*) as n from bounces where recipient like 'imap-first%'"))[0]!.n) === 10, 30_000);

    // the SMTP load: 50 clients, half to each host, each sending its bounces one after the other and
    // retrying (as a sending MTA does) after a refused connection, a lost one or a 4xx
    const acked: string[] = [];
    const fiveXX: string[] = [];
    const retries = { refused: 0, lost: 0, tempfail: 0 };
    let aborted: Error | null = null;
    let killed = false;
    let cutDone = false;
    const total = CLIENTS * PER_CLIENT;
    const client = async (i: number) => {
      const host = i % 2 === 0 ? 'mx-a' : 'mx-b';
      for (let k = 0; k < PER_CLIENT; k++) {
        const rcpt = `smtp${i}-${k}@dest.example`;
        const message = hard(rcpt, `<m${i}-${k}@sender.example>`);
        for (;;) {
          if (aborted || failure) return;
          let c: RawSmtp;
          try {
            c = (await RawSmtp.open(ports[host])).client;
          } catch {
            retries.refused++;
            await wait(200);
            continue;
          }
          try {
            const ehlo = await c.cmd('EHLO client.test');
            const r = ehlo && ehlo.code === 250 ? await c.send('', ['bounces@bounce.test'], message) : ehlo;
            if (r && r.code >= 500) fiveXX.push(`${rcpt}: ${r.code} ${r.text}`);
            if (r?.code === 250) {
              acked.push(rcpt);
              await c.quit();
              break;
            }
            if (r) retries.tempfail++;
            else retries.lost++;
          } catch {
            retries.lost++;
          }
          c.socket.destroy();
          if (fiveXX.length) return;
          await wait(200);
        }
      }
    };
    // mid-stream: the mailbox's host SIGKILLed (then started again), later the database cut for 4 s
    const chaos = (async () => {
      await eventually('a third of the load acknowledged', async () => acked.length >= total / 3, 120_000);
      step(`${acked.length} acknowledged: SIGKILL ${holder}`);
      killing.add(hosts[holder]!.proc);
      hosts[holder]!.proc.child.kill('SIGKILL');
      await hosts[holder]!.proc.exited;
      killed = true;
      // the survivor takes the mailbox over within the lease: new mail there is processed
      await append(dovecot!, 'INBOX', Array.from({ length: 10 }, (_, i) => hard(`imap-second${i}@dest.example`)));
      // the killed host comes back only once the survivor holds the lease (a host started again
      // under the same id would simply resume a lease that has not yet run out)
      await eventually('the survivor holding the mailbox', async () => (await query<{ owner: string }>("select owner from leases where name like 'imap:%'"))[0]?.owner === survivor, 60_000);
      step(`${acked.length} acknowledged: starting ${holder} again`);
      hosts[holder] = await startHost(holder, ports[holder as 'mx-a' | 'mx-b']);
      step(`${holder} started again`);
      await eventually('two thirds of the load acknowledged', async () => acked.length >= (2 * total) / 3, 120_000);
      step(`${acked.length} acknowledged: the database cut for 4 s`);
      await proxy!.cut();
      await wait(4000);
      await proxy!.restore();
      step('the database back');
      cutDone = true;
    })().catch((err: Error) => {
      aborted = err;
      throw new Error(`${err.message} (${acked.length} acknowledged; ${holder}'s log: ${hosts[holder]!.proc.stderr().slice(-2000)})`);
    });
    await Promise.all([chaos, ...Array.from({ length: CLIENTS }, (_, i) => client(i))]);
    if (failure) throw failure;
    step(`the load is done: ${acked.length} acknowledged, retries ${JSON.stringify(retries)}`);
    expect({ killed, cutDone }).toEqual({ killed: true, cutDone: true });
    expect(fiveXX).toEqual([]);
    expect(new Set(acked).size).toBe(total);

    // everything drains into PostgreSQL: each acknowledged message once, its recipient suppressed once
    step('waiting for the spools to drain');
    let activity = '';
    const watchActivity = setInterval(() => {
      if (failure) return;
      void query("select pid, state, wait_event_type, wait_event, left(query, 60) as q, xact_start from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()")
        .then((rows) => (activity = JSON.stringify(rows)))
        .catch(() => {});
    }, 2000);
    const logsOf = () =>
      Object.values(hosts)
        .map((h) => `${h.id}: ${h.proc.lines.filter((l) => /forward|shared store|spool/i.test(String(l.msg))).slice(-5).map((l) => JSON.stringify(l)).join('\n')}`)
        .join('\n') + `\nthe database's sessions: ${activity}`;
    await eventually(
      () => (clearInterval(watchActivity), `every acknowledged message in PostgreSQL (the hosts' spool lines:\n${logsOf()})`),
      async () => Number((await query<{ n: string }>("select count(distinct recipient) as n from bounces where recipient like 'smtp%'"))[0]!.n) === total,
      120_000,
    );
    clearInterval(watchActivity);
    expect(await query("select sha256, count(*) from messages group by sha256 having count(*) > 1")).toEqual([]);
    const records = await query<{ recipient: string; n: string }>("select recipient, count(*) as n from bounces where recipient like 'smtp%' group by recipient");
    expect(records.filter((r) => r.n !== '1')).toEqual([]);
    expect(new Set(records.map((r) => r.recipient))).toEqual(new Set(acked));
    const suppressed = await query<{ address: string; n: string }>("select address, count(*) as n from suppressions where address like 'smtp%' group by address");
    expect(suppressed.filter((s) => s.n !== '1')).toEqual([]);
    expect(new Set(suppressed.map((s) => s.address))).toEqual(new Set(acked));

    step('the SMTP load checked');
    // the mailbox: all 20 processed once (the second 10 by the survivor), moved, none left
    await eventually('the second 10 from the mailbox in PostgreSQL', async () => Number((await query<{ n: string }>("select count(*) as n from bounces where recipient like 'imap-second%'"))[0]!.n) === 10, 60_000);
    const imap = await query<{ recipient: string; n: string }>("select recipient, count(*) as n from bounces where recipient like 'imap-%' group by recipient");
    expect(imap).toHaveLength(20);
    expect(imap.filter((r) => r.n !== '1')).toEqual([]);
    await eventually('the mailbox emptied', async () => (await listMailbox(dovecot!, 'INBOX')).length === 0, 20_000);
    expect(await listMailbox(dovecot!, 'Processed')).toHaveLength(20);
    // one holder at the end: the survivor took it over (checked above); after the database cut
    // either host may have renewed or retaken it
    const owners = await query<{ owner: string }>("select owner from leases where name like 'imap:%'");
    expect(owners).toHaveLength(1);
    expect(['mx-a', 'mx-b']).toContain(owners[0]!.owner);

    // the status, from the CLI on the shared store: both hosts alive, the lease holder polling
    const status = await eventually(
      'both hosts alive in rebound status',
      async () => {
        const r = await runCli(cli, ['status', '--json'], { REBOUND_STORE_URL: database!.url });
        const s = JSON.parse(r.stdout) as { hosts: Array<{ id: string; state: string }>; imap: Array<{ owner: string }> };
        return s.hosts.every((h) => h.state === 'alive') && s.hosts.length === 2 ? s : undefined;
      },
      20_000,
    );
    expect(status.imap.map((m) => m.owner)).toEqual([owners[0]!.owner]);
    console.log(`multihost: ${acked.length} acknowledged; retries ${JSON.stringify(retries)}; killed ${holder}, survivor ${survivor}`);
  }, 600_000);
});
