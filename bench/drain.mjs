#!/usr/bin/env node
// The time to drain a backlog after an outage: N messages (default 100,000 DSNs of about 3 KB, one
// hard bounce each, as bench/smtp-load.mjs makes them) are spooled in a host's local SQLite spool
// while nothing processes them (as `rebound serve` leaves them when its store was unreachable or it
// was stopped), then `rebound serve` (built: run `npm run build` first) is started on that spool and
// timed until nothing is pending there. With SQLite the host's processor parses them into its own
// file; with PostgreSQL (`[store] url`, a fresh database made on the server of --pg-url and dropped
// after) the per-host processor forwards them into it, and the database is checked to hold them all.
// `--store both` (the default) runs SQLite, then PostgreSQL, in one run.
// Usage: npm run bench:drain [-- --messages N] [--store sqlite|postgres|both] [--pg-url postgres://postgres@127.0.0.1:5432/postgres]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { dsn } from './smtp-load.mjs';
import { args, opt } from './args.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '../dist/cli.js');
const total = Number(opt('--messages', '100000'));
const which = opt('--store', 'both');
const adminUrl = opt('--pg-url', 'postgres://postgres@127.0.0.1:5432/postgres');
if (!existsSync(cli)) {
  console.error(`${cli} is missing: run npm run build first`);
  process.exit(2);
}
const { openStore } = await import('../dist/store/open.js');
const { pipelineContext } = await import('../dist/pipeline/context.js');
const { spoolBatch } = await import('../dist/pipeline/ingest.js');

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
console.log(`drain of a spooled backlog: ${total.toLocaleString('en-US')} messages (${cpus().length} CPUs, node ${process.version})`);

/** The backlog: `total` pending messages in a fresh local spool, committed 1,000 per transaction. */
async function fill(path) {
  const store = await openStore(path, { synchronous: 'NORMAL' });
  const ctx = pipelineContext(store);
  const t0 = performance.now();
  let bytes = 0;
  for (let n = 0; n < total; n += 1000) {
    const batch = [];
    for (let i = n; i < Math.min(total, n + 1000); i++) {
      const raw = Buffer.from(dsn(Math.floor(i / 1000), i % 1000));
      bytes += raw.length;
      batch.push({ raw, meta: { source: 'smtp', sourceRef: `backlog-${i}`, envelopeFrom: '', envelopeTo: ['bounces@bounce.test'] } });
    }
    const r = spoolBatch(ctx, batch);
    if (!r.committed) throw new Error('the backlog was not committed');
  }
  await store.close();
  return { seconds: (performance.now() - t0) / 1000, bytes };
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function admin(q) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await c.query(q);
  } finally {
    await c.end();
  }
}

const pendingIn = (path) => {
  const db = new SQLite(path, { readonly: true });
  try {
    return db.prepare("select count(*) as n from messages where status = 'pending'").get().n;
  } finally {
    db.close();
  }
};

async function drain(kind) {
  const dir = mkdtempSync(join(tmpdir(), 'rebound-bench-drain-'));
  const spool = join(dir, 'spool.db');
  const name = `rebound_bench_drain_${process.pid}`;
  const env = { ...process.env, REBOUND_SMTP_PORT: String(await freePort()), REBOUND_SMTP_DOMAINS: 'bounce.test' };
  let url = null;
  let child = null;
  try {
    const filled = await fill(spool);
    if (kind === 'postgres') {
      await admin(`create database ${name}`);
      const u = new URL(adminUrl);
      u.pathname = `/${name}`;
      url = u.toString();
      env.REBOUND_STORE_URL = url;
    }
    const loadBefore = load();
    const t0 = performance.now();
    // BENCH_SERVER_PROF=DIR: CPU profiles of serve's threads in DIR
    const prof = process.env.BENCH_SERVER_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_PROF}`] : [];
    child = spawn(process.execPath, [...prof, cli, '--db', spool, 'serve'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    // its log, kept to show if it fails
    let log = '';
    child.stderr.on('data', (d) => (log = (log + d).slice(-4000)));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let pending = total;
    let last = { at: t0, pending };
    while (pending > 0) {
      await new Promise((r) => setTimeout(r, 250));
      if (child.exitCode !== null) throw new Error(`rebound serve exited (${child.exitCode}) with ${pending} pending:\n${log}`);
      pending = pendingIn(spool);
      const now = performance.now();
      if (now - last.at > 10_000) {
        process.stderr.write(`  ${kind}: ${pending} pending after ${((now - t0) / 1000).toFixed(0)} s\n`);
        last = { at: now, pending };
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const loadAfter = load();
    let held = null;
    if (url) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        held = (await c.query("select count(*) filter (where status <> 'pending') as done, (select count(*) from suppressions where lifted_at is null) as suppressed from messages")).rows[0];
      } finally {
        await c.end();
      }
    }
    child.kill('SIGTERM');
    await exited;
    console.log(`\nstore             ${kind}${url ? ' (forwarded from the local spool by the per-host processor)' : ''}`);
    console.log(`backlog           ${total.toLocaleString('en-US')} messages, ${(filled.bytes / 1048576).toFixed(0)} MiB, spooled in ${filled.seconds.toFixed(1)} s`);
    console.log(`drained in        ${seconds.toFixed(1)} s from the start of rebound serve: ${Math.round(total / seconds)} msg/s`);
    if (held) console.log(`in PostgreSQL     ${held.done} messages processed, ${held.suppressed} addresses suppressed`);
    console.log(`load average      ${loadBefore} before, ${loadAfter} after`);
  } finally {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (url) await admin(`drop database if exists ${name} with (force)`);
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const kind of which === 'both' ? ['sqlite', 'postgres'] : [which]) await drain(kind);
