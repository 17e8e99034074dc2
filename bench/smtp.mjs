#!/usr/bin/env node
// Throughput and latency of `rebound serve` (built: run `npm run build` first), in two shapes:
//   kept        8 clients that keep their connection open for many messages
//   reconnect   50 clients that open a new connection for every message (as most MTAs return bounces)
// Each shape runs against a fresh `rebound serve` (its own SQLite file, synchronous=FULL) and
// against a bare smtp-server that stores nothing; prints messages/s, p50/p99 from the end of DATA
// to the 250, the server's peak RSS, and our rate as a share of the bare server's.
// With --compare DIR, another build (a worktree with dist/ built: the commit before a change) runs
// in the same rounds, alternating with this one, so that a loaded machine affects both alike.
// With --store postgres, serve has a shared PostgreSQL store behind it (a fresh database on the server
// of --pg-url, dropped after): the listener still answers after its local spool's commit, and the
// per-host processor forwards to PostgreSQL; --store both runs SQLite and PostgreSQL in the same rounds.
// Usage: npm run bench:smtp [-- --kept-messages 500 --reconnect-messages 20 --only kept|reconnect
//                               --rounds N --compare DIR --json --store sqlite|postgres|both --pg-url URL]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { percentile, runLoad } from './smtp-load.mjs';
import { args, num as opt } from './args.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '../dist/cli.js');
const json = args.includes('--json');
const rounds = opt('--rounds', 1);
const compareDir = (() => {
  const i = args.indexOf('--compare');
  return i >= 0 ? args[i + 1] : null;
})();
/** the store behind serve: its own SQLite file, or (postgres) a shared PostgreSQL fed from the local spool */
const stores = (() => {
  const i = args.indexOf('--store');
  const s = i >= 0 ? args[i + 1] : 'sqlite';
  return s === 'both' ? ['sqlite', 'postgres'] : [s];
})();
const pgUrl = (() => {
  const i = args.indexOf('--pg-url');
  return i >= 0 ? args[i + 1] : 'postgres://postgres@127.0.0.1:5432/postgres';
})();
const baseBuilds = [{ name: 'rebound', cli }, ...(compareDir ? [{ name: 'compared', cli: join(compareDir, 'dist/cli.js') }] : [])];
const builds = baseBuilds.flatMap((b) =>
  stores.map((store) => ({ ...b, store, name: stores.length === 1 && store === 'sqlite' ? b.name : b.name === 'rebound' ? store : `${b.name}-${store}` })),
);
for (const b of baseBuilds) {
  if (!existsSync(b.cli)) {
    console.error(`${b.cli} is missing: run npm run build first`);
    process.exit(2);
  }
}
/** what is still pending this long after the load ends is reported (the goal: nothing) */
const SETTLE_MS = 1000;

const only = (() => {
  const i = args.indexOf('--only');
  return i >= 0 ? args[i + 1] : null;
})();
const ALL_SHAPES = [
  { name: 'kept', label: '8 clients, kept connections', clients: 8, perClient: opt('--kept-messages', 500), reconnect: false, goal: '>= 50% of bare, p99 <= 20 ms' },
  { name: 'reconnect', label: '50 clients, new connection per message', clients: 50, perClient: opt('--reconnect-messages', 20), reconnect: true, goal: '>= 90% of bare' },
];
const SHAPES = ALL_SHAPES.filter((s) => !only || s.name === only);

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port) {
  for (let i = 0; i < 400; i++) {
    const ok = await new Promise((r) => {
      const s = connect(port, '127.0.0.1');
      s.on('connect', () => (s.destroy(), r(true)));
      s.on('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`nothing listens on ${port}`);
}

let databases = 0;

/** A fresh database on the PostgreSQL server of --pg-url; `drop` removes it. */
async function freshPgDatabase() {
  const { default: pg } = await import('pg');
  const name = `rebound_bench_smtp_${process.pid}_${++databases}`;
  const admin = async (q) => {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    try {
      return await c.query(q);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  const u = new URL(pgUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const count = async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return Number((await c.query("select count(*) as n from messages where status <> 'pending'")).rows[0].n);
    } finally {
      await c.end();
    }
  };
  return { url, count, drop: () => admin(`drop database if exists ${name} with (force)`) };
}

async function startRebound(build) {
  const dir = mkdtempSync(join(tmpdir(), 'rebound-bench-'));
  const port = await freePort();
  const shared = build.store === 'postgres' ? await freshPgDatabase() : null;
  const child = spawn(process.execPath, [build.cli, '--db', join(dir, 'r.db'), 'serve'], {
    env: {
      ...process.env,
      REBOUND_SMTP_PORT: String(port),
      REBOUND_SMTP_DOMAINS: 'bounce.test',
      REBOUND_SMTP_MAX_MESSAGES: '100000',
      ...(shared ? { REBOUND_STORE_URL: shared.url } : {}),
    },
    stdio: ['ignore', 'ignore', 'ignore'], // the session log lines are written (to /dev/null), as in production
  });
  await waitForPort(port);
  return { child, port, dir, db: join(dir, 'r.db'), shared };
}

async function startBare() {
  const child = spawn(process.execPath, [join(here, 'bare-smtp.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
  return { child, port };
}

/** CPU seconds a process has used (all its threads, user + system) */
function cpuSeconds(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks
}

/** peak and current resident set of a process, in MB */
function rss(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peakMB: kb('VmHWM') / 1024, nowMB: kb('VmRSS') / 1024 };
}

async function stop(child) {
  const exited = new Promise((r) => child.on('exit', (code) => r(code)));
  child.kill('SIGTERM');
  return exited;
}

function dbCounts(path) {
  const db = new SQLite(path, { readonly: true });
  try {
    const n = (sql) => db.prepare(sql).get().n;
    return { stored: n('select count(*) as n from messages'), pending: n("select count(*) as n from messages where status = 'pending'") };
  } finally {
    db.close();
  }
}

async function measure(server, shape) {
  // warm up (JIT, page cache), not counted
  await runLoad({ port: server.port, clients: 4, perClient: 25, reconnect: false });
  const cpu0 = cpuSeconds(server.child.pid);
  const r = await runLoad({ port: server.port, ...shape });
  const cpu = cpuSeconds(server.child.pid) - cpu0;
  return {
    cpuMsPerMessage: Number(((cpu * 1000) / r.messages).toFixed(2)),
    messages: r.messages,
    seconds: Number(r.seconds.toFixed(2)),
    perSecond: Math.round(r.perSecond),
    p50ms: Number(percentile(r.latencies, 50).toFixed(2)),
    p99ms: Number(percentile(r.latencies, 99).toFixed(2)),
    rss: rss(server.child.pid),
  };
}

async function measureRebound(build, shape) {
  const rebound = await startRebound(build);
  try {
    const ours = await measure(rebound, shape);
    // the background processing should have caught up with the load by now (with PostgreSQL:
    // pending is what the local spool has not yet forwarded)
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const counts = dbCounts(rebound.db);
    if (rebound.shared) counts.inPostgres = await rebound.shared.count();
    const code = await stop(rebound.child);
    return { ...ours, ...counts, exit: code };
  } finally {
    if (rebound.child.exitCode === null) rebound.child.kill('SIGKILL');
    await rebound.shared?.drop();
    rmSync(rebound.dir, { recursive: true, force: true });
  }
}

async function measureBare(shape) {
  const bare = await startBare();
  const base = await measure(bare, shape);
  await stop(bare.child);
  return base;
}

const results = [];
for (let round = 1; round <= rounds; round++) {
  for (const shape of SHAPES) {
    const r = { round, shape: shape.name, label: shape.label, goal: shape.goal, loadavg: loadavg()[0] };
    // alternate the order, so that neither build always runs first
    const order = round % 2 ? builds : [...builds].reverse();
    for (const b of order) r[b.name] = await measureRebound(b, shape);
    r.bare = await measureBare(shape);
    for (const b of builds) r[b.name].share = r[b.name].perSecond / r.bare.perSecond;
    results.push(r);
  }
}

if (json) {
  process.stdout.write(JSON.stringify({ node: process.version, cpus: cpus().length, loadavg: loadavg(), results }, null, 2) + '\n');
} else {
  const lines = [
    `rebound serve vs a bare smtp-server (${cpus().length} CPUs, node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')});`,
    'latency: end of DATA to 250; cpu: the server process, all threads, per message (processing included)',
    ...(compareDir ? [`compared: the build in ${compareDir}`] : []),
  ];
  const row = (name, o) =>
    `  ${name.padEnd(9)} ${String(o.perSecond).padStart(5)} msg/s  p50 ${o.p50ms.toFixed(2)} ms  p99 ${o.p99ms.toFixed(2)} ms  peak RSS ${o.rss.peakMB.toFixed(0)} MB  cpu ${o.cpuMsPerMessage.toFixed(2)} ms` +
    (o.share === undefined ? '' : `  ${(o.share * 100).toFixed(0)}% of bare; stored ${o.stored}, pending ${o.pending}${o.inPostgres === undefined ? '' : ` (in PostgreSQL ${o.inPostgres})`} ${SETTLE_MS / 1000} s after the load`);
  for (const r of results) {
    lines.push('', `${r.label}: ${r[builds[0].name].messages} messages${rounds > 1 ? `, round ${r.round}` : ''} (load average ${r.loadavg.toFixed(1)}; goal ${r.goal}, nothing pending)`);
    for (const b of builds) lines.push(row(b.name, r[b.name]));
    lines.push(row('bare', r.bare));
    if (r.sqlite && r.postgres) lines.push(`  postgres/sqlite ${((r.postgres.perSecond / r.sqlite.perSecond) * 100).toFixed(0)}% of the messages/s (goal: within 20%, >= 80%)`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}
