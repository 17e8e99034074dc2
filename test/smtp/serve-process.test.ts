// `rebound serve` as a real process: exit status on bad settings, SIGTERM with sessions open, and
// SIGKILL while clients send (every message that got a 250 is there after the restart).
import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { openStore } from '../../src/store/open.js';
import { pipelineContext } from '../../src/pipeline/context.js';
import { spoolRaw } from '../../src/pipeline/ingest.js';
import { hard } from '../helpers.js';
import { buildCli, runCli, startServeProcess, type ServeProcess } from '../helpers/cli-process.js';
import { freePort } from '../helpers/ports.js';
import { RawSmtp } from '../helpers/smtp-client.js';

let cli: string;
beforeAll(() => {
  cli = buildCli('test-serve');
}, 120_000);

let dir: string | undefined;
const procs: ServeProcess[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function serve(env: NodeJS.ProcessEnv = {}) {
  dir ??= mkdtempSync(join(tmpdir(), 'rebound-serve-'));
  const port = Number(env.REBOUND_SMTP_PORT ?? (await freePort()));
  const p = await startServeProcess(cli, join(dir!, 'r.db'), { REBOUND_SMTP_DOMAINS: 'bounce.test', ...env, REBOUND_SMTP_PORT: String(port) });
  procs.push(p);
  return { ...p, port };
}

function readDb(path: string) {
  const db = new SQLite(path, { readonly: true });
  try {
    return {
      shas: new Set((db.prepare('select sha256 from messages').all() as Array<{ sha256: string }>).map((r) => r.sha256)),
      pending: (db.prepare("select count(*) as n from messages where status = 'pending'").get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const refused = (port: number) =>
  new Promise<boolean>((r) => {
    const s = connect(port, '127.0.0.1');
    s.on('connect', () => (s.destroy(), r(false)));
    s.on('error', () => r(true));
  });

describe('rebound serve (process)', () => {
  it('exits with status 2 and names the variable when a setting is bad', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rebound-serve-'));
    const db = join(dir!, 'r.db');
    const port = await runCli(cli, ['--db', db, 'serve'], { REBOUND_SMTP_PORT: '99999' });
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/REBOUND_SMTP_PORT: got 99999: a port is 0-65535/);
    const size = await runCli(cli, ['--db', db, 'serve'], { REBOUND_SMTP_MAX_SIZE: 'ten megabytes' });
    expect(size.code).toBe(2);
    expect(size.stderr).toMatch(/REBOUND_SMTP_MAX_SIZE: got "ten megabytes", expected a whole number/);
    const tls = await runCli(cli, ['--db', db, 'serve'], { REBOUND_SMTP_TLS_KEY: join(dir, 'none.pem'), REBOUND_SMTP_TLS_CERT: join(dir, 'none.pem') });
    expect(tls.code).toBe(2);
    expect(tls.stderr).toMatch(/REBOUND_SMTP_TLS_KEY: got ".*none\.pem": cannot be read \(ENOENT\)/);
  }, 60_000);

  it('return-path prints a signed address that serve takes, and --read verifies it', async () => {
    const env = { REBOUND_SMTP_DOMAINS: 'bounce.test', REBOUND_VERP_KEYS: 'k2:second-secret-0123456789,k1:first-secret-0123456789' };
    const made = await runCli(cli, ['return-path', 'Gone@Dest.Example'], env);
    expect(made.code).toBe(0);
    const address = made.stdout.trim();
    expect(address).toMatch(/^bounces\+[a-z2-7]{21}=Gone=dest\.example@bounce\.test$/);
    const read = await runCli(cli, ['return-path', '--read', address], env);
    expect(read.stdout).toMatch(/^Gone@dest\.example \(signed, key k2, valid until \d{4}-\d\d-\d\d\)/);
    const forged = await runCli(cli, ['return-path', '--read', address.replace('Gone=', 'Other=')], env);
    expect(forged).toMatchObject({ code: 1, stdout: 'invalid: bad-signature\n' });
    // without keys the signature is not checked, which is not the same as unsigned
    const unchecked = await runCli(cli, ['return-path', '--read', address.replace('Gone=', 'Other=')], { REBOUND_SMTP_DOMAINS: 'bounce.test' });
    expect(unchecked).toMatchObject({ code: 0, stdout: 'Other@dest.example (signature not checked: no keys configured)\n' });
    const json = await runCli(cli, ['return-path', '--read', '--json', 'bounces+u=dest.example@bounce.test'], {});
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, recipient: 'u@dest.example', signed: false, signatureChecked: false });
    expect((await runCli(cli, ['return-path', 'x@y.example'], {})).code).toBe(2); // no bounce domain

    const s = await serve(env);
    const { client } = await RawSmtp.open(s.port);
    await client.cmd('EHLO client.test');
    expect(await client.send('', [address], hard('gone@dest.example'))).toMatchObject({ code: 250 });
    expect(await client.cmd(`RCPT TO:<${address.replace('Gone=', 'Other=')}>`)).toMatchObject({ code: 503 }); // no MAIL yet
    await client.quit();
    s.child.kill('SIGTERM');
    expect(await s.exited).toEqual({ code: 0, signal: null });
  }, 60_000);

  it('on SIGTERM: stops accepting, closes idle sessions, lets a message in flight finish, cuts one that stalls, exits 0', async () => {
    const s = await serve({ REBOUND_SMTP_CLOSE_TIMEOUT_MS: '2000' });
    // the built CLI commits on its worker thread
    expect(s.lines.find((l) => l.msg === 'rebound serve started')).toMatchObject({ spooler: 'worker', domains: ['bounce.test'] });
    const open = async () => {
      const { client } = await RawSmtp.open(s.port);
      await client.cmd('EHLO client.test');
      return client;
    };
    const inFlight = await open();
    const stalled = await open();
    const idle = await open();
    const msgA = hard('inflight@dest.example');
    for (const c of [inFlight, stalled]) {
      expect(await c.cmd('MAIL FROM:<>')).toMatchObject({ code: 250 });
      expect(await c.cmd('RCPT TO:<bounces@bounce.test>')).toMatchObject({ code: 250 });
      expect(await c.cmd('DATA')).toMatchObject({ code: 354 });
    }
    inFlight.write(msgA.subarray(0, 200));
    stalled.write('Subject: never finished\r\n');
    const t0 = Date.now();
    s.child.kill('SIGTERM');

    // the idle session is told and closed at once
    expect(await idle.reply()).toMatchObject({ code: 421, text: expect.stringMatching(/^4\.3\.2 /) });
    await idle.closedPromise;
    // no new connections
    await expect.poll(() => refused(s.port), { timeout: 2000 }).toBe(true);
    // the message in flight is finished, committed and answered, then the session is closed
    inFlight.write(Buffer.concat([msgA.subarray(200), Buffer.from('.\r\n')])); // msgA ends with CRLF
    expect(await inFlight.reply()).toMatchObject({ code: 250 });
    expect(await inFlight.reply()).toMatchObject({ code: 421 });
    // the stalled one is cut after the close timeout; the process exits 0
    expect(await stalled.reply(8000)).toMatchObject({ code: 421 });
    expect(await s.exited).toEqual({ code: 0, signal: null });
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(1900);
    expect(took).toBeLessThan(10_000); // bounded: the close timeout and a little more
    const db = readDb(join(dir!, 'r.db'));
    expect(db.shas.has(sha(msgA))).toBe(true);
    expect(db.shas.size).toBe(1);
    expect(s.lines.some((l) => l.msg === 'rebound serve stopped')).toBe(true);
  }, 60_000);

  it('processes at start what an earlier process spooled but did not process', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rebound-serve-'));
    const store = await openStore(join(dir!, 'r.db'));
    for (let i = 0; i < 20; i++) spoolRaw(pipelineContext(store), hard(`left${i}@dest.example`), { source: 'smtp', returnPathRecipient: null });
    await store.close();
    expect(readDb(join(dir!, 'r.db')).pending).toBe(20);
    const s = await serve();
    await expect.poll(() => readDb(join(dir!, 'r.db')).pending, { timeout: 10_000 }).toBe(0);
    s.child.kill('SIGTERM');
    expect((await s.exited).code).toBe(0);
  }, 60_000);

  it('after SIGKILL while clients send, a restart finds every message that got a 250, and processes them', async () => {
    const s = await serve();
    const acked: Buffer[] = [];
    let sent = 0;
    let stop = false;
    // 8 clients: half keep their connection, half reconnect for each message
    const client = async (n: number) => {
      let c: RawSmtp | null = null;
      for (let i = 0; !stop; i++) {
        try {
          if (!c || n % 2 === 1) {
            c?.socket.destroy();
            c = (await RawSmtp.open(s.port)).client;
            await c.cmd('EHLO client.test');
          }
          const msg = hard(`k${n}-${i}@dest.example`, `crash-${n}-${i}`);
          sent++;
          const r = await c.send('', [`bounces+k${n}-${i}=dest.example@bounce.test`], msg);
          if (r?.code === 250) acked.push(msg);
        } catch {
          return; // the server is gone
        }
        if (!c || c.closed) return;
      }
    };
    const clients = Array.from({ length: 8 }, (_, n) => client(n));
    await expect.poll(() => acked.length, { timeout: 15_000, interval: 5 }).toBeGreaterThanOrEqual(150);
    s.child.kill('SIGKILL');
    stop = true;
    expect(await s.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await Promise.all(clients);
    expect(sent).toBeGreaterThan(acked.length); // some were in flight when it died

    const after = readDb(join(dir!, 'r.db'));
    const missing = acked.filter((m) => !after.shas.has(sha(m)));
    expect(missing).toHaveLength(0);

    // the restart processes what the killed process had not
    const again = await serve({ REBOUND_SMTP_PORT: String(s.port) });
    await expect.poll(() => readDb(join(dir!, 'r.db')).pending, { timeout: 15_000 }).toBe(0);
    again.child.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
  }, 60_000);
});
