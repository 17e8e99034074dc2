#!/usr/bin/env node
// HTTP lookup throughput: GET /v1/suppressions/{address} against a store of N suppressions
// (default 1,000,000), with a bearer token, over keep-alive connections on loopback. The server
// runs in a child process (its own core); wrk (or this process) drives the requests and measures each one.
// 90% of the lookups hit a suppressed address (200), 10% miss (404). `--store postgres` puts the
// suppressions in a fresh PostgreSQL database (made on the server of --pg-url, dropped after) behind
// the PostgreSQL store port; `--store both` runs SQLite, then PostgreSQL, in one run.
// Usage: npm run build && npm run bench:http [-- --suppressions N] [--seconds S] [--connections C]
//        [--store sqlite|postgres|both] [--pg-url postgres://postgres@127.0.0.1:5432/postgres]
//        [--client wrk|node] (default wrk when installed: a load generator in C, so that on a small
//        machine the server, not the load generator, is what is measured)
import { execFileSync, fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDatabase } from './pg-database.mjs';
import { args, opt } from './args.mjs';

const TOKEN = 'bench-token-0123456789abcdef';
/** wrk when it is installed (Debian: apt-get install wrk), else this process's own loop */
function hasWrk() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // wrk --version exits 1 after printing its version
    return err.status === 1;
  }
}
const addressOf = (i) => `user${i}@domain${i % 1000}.example`;

if (process.argv[2] === '--serve') await serve(process.argv[3], Number(process.argv[4]), process.argv[5], process.argv[6]);
else {
  const which = opt('--store', 'sqlite');
  for (const kind of which === 'both' ? ['sqlite', 'postgres'] : [which]) await drive(kind);
}

/** A fresh PostgreSQL database on the server of `adminUrl`, filled with `n` suppressions in one statement. */
async function pgStore(adminUrl, n) {
  const { openPgStore, migratePg } = await import('../dist/store/pg/open.js');
  const { sql } = await import('kysely');
  const database = await benchDatabase(adminUrl, 'http');
  const store = openPgStore(database.url, { max: 8 });
  const migrated = await migratePg(store);
  if (migrated.error) throw migrated.error;
  const t0 = process.hrtime.bigint();
  await sql`insert into suppressions (address, domain, type, reason, suppressed_at, first_event_at, last_event_at, event_count)
    select 'user' || i || '@domain' || (i % 1000) || '.example', 'domain' || (i % 1000) || '.example',
      case when i % 10 = 0 then 'complaint' else 'hard' end, case when i % 10 = 0 then 'abuse' else 'userunknown' end,
      t, t, t, 1
    from generate_series(0, ${n - 1}::int) i, lateral (select timestamptz '2024-01-01T00:00:00Z' + i * interval '1 second' as t) x`.execute(store.db);
  // as autovacuum leaves a table in use: its hint bits set and visibility map made (the first read of
  // each row of a fresh bulk insert would otherwise write its page again)
  await sql`vacuum analyze suppressions`.execute(store.db);
  const fillSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { store, fillSeconds, drop: database.drop };
}

/** The child: fill the store, start the API, report its address, stop when told. */
async function serve(dbPath, n, kind, pgUrl) {
  const { openStore } = await import('../dist/store/open.js');
  const { pipelineContext } = await import('../dist/pipeline/context.js');
  const { transaction } = await import('../dist/store/sync.js');
  const { insertSuppression } = await import('../dist/store/suppressions.js');
  const { startHttp } = await import('../dist/http/server.js');
  const { parseHttpSettings } = await import('../dist/config/http.js');
  const { createMetrics } = await import('../dist/metrics.js');
  const { pino } = await import('pino');
  const store = await openStore(dbPath, { synchronous: 'NORMAL' });
  const shared = kind === 'postgres' ? await pgStore(pgUrl, n) : null;
  const t0 = process.hrtime.bigint();
  // one transaction, one prepared statement (insertSuppression prepares its shape once)
  if (!shared) transaction(store, () => {
    for (let i = 0; i < n; i++) {
      const at = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString();
      const type = i % 10 === 0 ? 'complaint' : 'hard';
      insertSuppression(store, {
        address: addressOf(i), domain: `domain${i % 1000}.example`, type, reason: type === 'hard' ? 'userunknown' : 'abuse',
        suppressed_at: at, first_event_at: at, last_event_at: at, event_count: 1, bounce_id: null, expires_at: null, lifted_at: null, note: null,
      });
    }
  });
  const fillSeconds = shared ? shared.fillSeconds : Number(process.hrtime.bigint() - t0) / 1e9;
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const metrics = createMetrics();
  const { pgPortOf } = await import('../dist/store/pg/context-port.js');
  const ctx = shared ? pipelineContext(store, {}, pgPortOf(shared.store)) : pipelineContext(store);
  const http = await startHttp(ctx, parseHttpSettings({ port: 0, token: TOKEN }), { logger: pino({ level: 'warn' }), metrics });
  process.send({ ready: true, port: http.port, fillSeconds });
  process.on('message', async (m) => {
    if (m === 'cpu') process.send({ cpu: process.cpuUsage() });
    if (m === 'rss') process.send({ rss: process.memoryUsage().rss, maxRss: process.resourceUsage().maxRSS * 1024 });
    if (m === 'stop') {
      await http.stop();
      await store.close();
      if (shared) {
        await shared.store.close();
        await shared.drop();
      }
      process.exit(0);
    }
  });
}

async function drive(kind) {
  const client = opt('--client', hasWrk() ? 'wrk' : 'node');
  const n = Number(opt('--suppressions', '1000000'));
  const seconds = Number(opt('--seconds', '10'));
  const connections = Number(opt('--connections', '16'));
  const work = mkdtempSync(join(tmpdir(), 'rebound-bench-http-'));
  const child = fork(fileURLToPath(import.meta.url), ['--serve', join(work, 'bench.db'), String(n), kind, opt('--pg-url', 'postgres://postgres@127.0.0.1:5432/postgres')], { stdio: 'inherit', execArgv: process.env.BENCH_SERVER_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_SERVER_PROF] : [] });
  const next = () => new Promise((resolve) => child.once('message', resolve));
  try {
    const ready = await next();
    const agent = new Agent({ keepAlive: true, maxSockets: connections });
    const get = (path) =>
      new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: ready.port, path, agent, headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        });
        req.on('error', reject);
        req.end();
      });
    const path = () => {
      const hit = Math.random() < 0.9;
      const i = Math.floor(Math.random() * n);
      return `/v1/suppressions/${encodeURIComponent(hit ? addressOf(i) : `nobody${i}@elsewhere.example`)}`;
    };
    // one scrape of /metrics at this size (it counts the active suppressions)
    const s0 = process.hrtime.bigint();
    await get('/metrics');
    const scrapeMs = Number(process.hrtime.bigint() - s0) / 1e6;
    // warm-up, then the measured run: `connections` loops, each one request at a time
    const run = async (ms, record) => {
      const end = Date.now() + ms;
      const lat = [];
      const codes = {};
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (Date.now() < end) {
            const t = process.hrtime.bigint();
            const code = await get(path());
            if (record) {
              lat.push(Number(process.hrtime.bigint() - t) / 1e6);
              codes[code] = (codes[code] ?? 0) + 1;
            }
          }
        }),
      );
      return { lat, codes };
    };
    await run(2000, false);
    child.send('cpu');
    const cpu0 = (await next()).cpu;
    const own0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const m = client === 'wrk' ? await runWrk(ready.port, n, seconds, connections) : await runNode(run, seconds);
    const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
    const own = process.cpuUsage(own0);
    child.send('cpu');
    const cpu1 = (await next()).cpu;
    const serverCpu = (cpu1.user + cpu1.system - cpu0.user - cpu0.system) / 1e6 / elapsed;
    const clientCpu = m.clientCpu ?? (own.user + own.system) / 1e6 / elapsed;
    child.send('rss');
    const mem = await next();
    console.log(`store             ${kind}`);
    console.log(`suppressions      ${n.toLocaleString('en-US')} (filled in ${ready.fillSeconds.toFixed(1)} s, one transaction)`);
    console.log(`requests          ${m.requests} in ${m.seconds.toFixed(1)} s over ${connections} keep-alive connections (${Object.entries(m.codes).map(([c, k]) => `${c}: ${k}`).join(', ')}), load generator ${client}`);
    console.log(`lookups/s         ${Math.round(m.requests / m.seconds)}`);
    console.log(`latency           p50 ${m.p50.toFixed(2)} ms, p90 ${m.p90.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms, max ${m.max.toFixed(2)} ms`);
    console.log(`CPU               server ${(serverCpu * 100).toFixed(0)}% of a core, load generator ${(clientCpu * 100).toFixed(0)}%`);
    console.log(`load average      ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log(`server RSS        ${(mem.rss / 1048576).toFixed(0)} MiB now, ${(mem.maxRss / 1048576).toFixed(0)} MiB peak`);
    console.log(`metrics scrape    ${scrapeMs.toFixed(0)} ms at this size`);
    agent.destroy();
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
  } finally {
    if (child.exitCode === null) {
      // a failed run: the child is asked to stop first, so that it drops its PostgreSQL database
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000).unref())]);
      if (child.exitCode === null) child.kill();
    }
    rmSync(work, { recursive: true, force: true });
  }
}

/** The measured run on this process's keep-alive agent: `connections` loops, one request at a time each. */
async function runNode(run, seconds) {
  const t0 = process.hrtime.bigint();
  const { lat, codes } = await run(seconds * 1000, true);
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  lat.sort((a, b) => a - b);
  const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
  return { requests: lat.length, seconds: elapsed, codes, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: lat[lat.length - 1] };
}

/**
 * The measured run with wrk (one thread, written in C): on a machine of two cores the load
 * generator takes a few percent of one instead of a third of it, so what is measured is the server.
 * The paths are drawn in wrk's Lua as the node loop draws them (90% suppressed addresses).
 */
async function runWrk(port, n, seconds, connections) {
  const dir = mkdtempSync(join(tmpdir(), 'rebound-bench-wrk-'));
  const script = join(dir, 'lookups.lua');
  writeFileSync(
    script,
    `local n = ${n}
math.randomseed(${Date.now() % 1e9})
request = function()
  local i = math.random(0, n - 1)
  local address = math.random() < 0.9 and ("user" .. i .. "%40domain" .. (i % 1000) .. ".example") or ("nobody" .. i .. "%40elsewhere.example")
  return wrk.format("GET", "/v1/suppressions/" .. address, { ["Authorization"] = "Bearer ${TOKEN}" })
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d %d %d %d\\n", summary.requests, summary.duration, summary.errors.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
`,
  );
  try {
    const wrk = spawn('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '5s', '-s', script, `http://127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    wrk.stdout.on('data', (d) => (out += d));
    // wrk's CPU, read while it runs (the last reading, at most a quarter second before its end)
    let cpu = 0;
    const sampler = setInterval(() => (cpu = cpuSecondsOf(wrk.pid) ?? cpu), 250);
    const code = await new Promise((resolve) => wrk.on('exit', resolve));
    clearInterval(sampler);
    const line = /RESULT (.*)/.exec(out);
    if (code !== 0 || !line) throw new Error(`wrk failed (${code}): ${out}`);
    const [requests, durationUs, notFound, p50, p90, p99, max, socketErrors] = line[1].split(' ').map(Number);
    if (socketErrors) console.log(`(wrk: ${socketErrors} socket errors or timeouts)`);
    const secs = durationUs / 1e6;
    return { requests, seconds: secs, codes: { '200': requests - notFound, '404': notFound }, p50: p50 / 1000, p90: p90 / 1000, p99: p99 / 1000, max: max / 1000, clientCpu: cpu / secs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU seconds a process has used so far (user + system), from /proc; null once it has gone */
function cpuSecondsOf(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}
