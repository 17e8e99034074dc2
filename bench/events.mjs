#!/usr/bin/env node
// Provider events into the store: signed SendGrid Event Webhook batches (100 events each: hard and
// soft bounces, drops, deferrals, spam reports) POSTed to /v1/events/sendgrid over keep-alive
// connections on loopback. The server runs in a child process (its own core), with a SQLite file
// as `rebound serve` opens it; each answer comes after the batch's commit. Reports events/s into
// the store and the per-batch latency (p50, p99). Goal: at least 5,000 events/s.
// The server is wired as `rebound serve` wires its API: pipeline context, metrics counting what is
// written (a store observer, as in serve). `--dist DIR` runs another build (an older commit's
// dist/) under the same driver, to compare side by side.
// `--vs DIR --rounds R` alternates this build with another one, R rounds each, and prints both
// ranges; `--profile DIR` writes the server's CPU profile (.cpuprofile) there. Each run also prints
// the server's CPU time per event (user + system), which the machine's load changes much less.
// Usage: npm run build && npm run bench:events [-- --batches N] [--size S] [--connections C] [--dist DIR]
//        [--vs DIR] [--rounds R] [--profile DIR]
import { fork } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { args, num as opt } from './args.mjs';


/** The child: the API with SendGrid events configured; stops when told. */
async function serve(dist, dbPath, publicKey) {
  const from = (m) => import(pathToFileURL(join(dist, m)).href);
  const { openStore } = await from('store/open.js');
  const { pipelineContext } = await from('pipeline/context.js');
  const { wireStoreObservers } = await from('events/wire.js');
  const { createMetrics } = await from('metrics.js');
  const { startHttp } = await from('http/server.js');
  const { parseHttpSettings } = await from('config/http.js');
  const { parseEventsSettings } = await from('config/events.js');
  const { pino } = await import('pino');
  const store = await openStore(dbPath);
  const metrics = createMetrics();
  wireStoreObservers(store, { counts: metrics });
  let cpu0 = process.cpuUsage();
  const http = await startHttp(pipelineContext(store), parseHttpSettings({ port: 0, token: 'bench-token-0123456789abcdef' }), { logger: pino({ level: 'warn' }), metrics, events: parseEventsSettings({ sendgrid: { publicKey } }) });
  process.on('message', async (m) => {
    // the server's CPU time (user + system) over the run: per event, what the load does not change much
    if (m === 'start') cpu0 = process.cpuUsage();
    if (m === 'count') {
      const cpu = process.cpuUsage(cpu0);
      process.send({ cpuMs: (cpu.user + cpu.system) / 1000, count: store.sqlite.prepare('select count(*) as n from messages').get().n, records: store.sqlite.prepare('select count(*) as n from bounces').get().n });
    }
    if (m === 'stop') {
      await http.stop();
      await store.close();
      process.exit(0);
    }
  });
  process.send({ ready: true, port: http.port });
}

const KINDS = [
  (i) => ({ event: 'bounce', type: 'bounce', status: '5.1.1', reason: '550 5.1.1 The email account that you tried to reach does not exist.' }),
  (i) => ({ event: 'bounce', type: 'blocked', status: '5.7.1', reason: '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org' }),
  (i) => ({ event: 'dropped', reason: 'Bounced Address', status: '5.0.0' }),
  (i) => ({ event: 'deferred', response: '452 4.2.2 The email account that you tried to reach is over quota.', attempt: '2' }),
  (i) => ({ event: 'spamreport' }),
];

function batch(b, size) {
  const now = Math.floor(Date.now() / 1000);
  const events = [];
  for (let j = 0; j < size; j++) {
    const i = b * size + j;
    events.push({ email: `user${i}@domain${i % 500}.example`, timestamp: now, 'smtp-id': `<m${i}@sender.example>`, sg_event_id: `ev-${i}`, sg_message_id: `sg${i}.filter`, ...KINDS[i % KINDS.length](i) });
  }
  return JSON.stringify(events);
}

/** One run of `batches` signed batches against a fresh server and store built from `dist`. */
async function runOnce(dist, { batches, size, connections, profileDir }) {
  const dir = mkdtempSync(join(tmpdir(), 'rebound-bench-events-'));
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const execArgv = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = fork(fileURLToPath(import.meta.url), ['--serve', dist, join(dir, 'rebound.db'), publicKey.export({ format: 'der', type: 'spki' }).toString('base64')], { execArgv });
  // the server and its database never outlive the driver, even when the driver fails
  const cleanup = () => {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', cleanup);
  const ready = await new Promise((resolve) => child.once('message', resolve));
  // signed in advance: the driver's own work is not measured
  const bodies = Array.from({ length: batches }, (_, b) => {
    const body = batch(b, size);
    const ts = String(Math.floor(Date.now() / 1000));
    return { body, ts, sig: sign('sha256', Buffer.from(ts + body), privateKey).toString('base64') };
  });
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const post = ({ body, ts, sig }) =>
    new Promise((resolve, reject) => {
      const t0 = process.hrtime.bigint();
      const req = request(
        { host: '127.0.0.1', port: ready.port, path: '/v1/events/sendgrid', method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-twilio-email-event-webhook-signature': sig, 'x-twilio-email-event-webhook-timestamp': ts } },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve(Number(process.hrtime.bigint() - t0) / 1e6) : reject(new Error(`HTTP ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const latencies = [];
  let next = 0;
  child.send('start');
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < batches) latencies.push(await post(bodies[next++]));
    }),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  child.send('count');
  const counted = await new Promise((resolve) => child.once('message', resolve));
  child.send('stop');
  await new Promise((resolve) => child.once('exit', resolve));
  agent.destroy();
  process.off('exit', cleanup);
  rmSync(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  const events = batches * size;
  return { dist, events, stored: counted.count, records: counted.records, rate: events / seconds, seconds, p50: pct(50), p99: pct(99), cpuMsPerEvent: counted.cpuMs / events, load: loadavg()[0] };
}

async function drive() {
  const o = { batches: opt('--batches', 200), size: opt('--size', 100), connections: opt('--connections', 4) };
  const path = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? resolve(args[i + 1]) : null;
  };
  const dist = path('--dist') ?? resolve(fileURLToPath(new URL('../dist', import.meta.url)));
  // --vs DIR: another build run in alternation with this one, round after round, in the same conditions
  const vs = path('--vs');
  const rounds = opt('--rounds', 1);
  const builds = vs ? [dist, vs] : [dist];
  console.log(`batches        ${o.batches} x ${o.size} events, ${o.connections} connections, ${rounds} round(s)`);
  const results = [];
  for (let r = 0; r < rounds; r++) {
    for (const d of builds) {
      const x = await runOnce(d, { ...o, profileDir: path('--profile') });
      results.push(x);
      console.log(
        `${d === dist ? 'this' : 'vs  '} ${String(Math.round(x.rate)).padStart(6)} events/s (${x.seconds.toFixed(2)} s)  batch p50 ${x.p50.toFixed(1)} ms, p99 ${x.p99.toFixed(1)} ms  ` +
          `server CPU ${x.cpuMsPerEvent.toFixed(3)} ms/event  load ${x.load.toFixed(2)}  stored ${x.stored} events, ${x.records} records`,
      );
      if (x.stored !== x.events) {
        console.error(`expected ${x.events} stored events`);
        process.exitCode = 1;
      }
    }
  }
  for (const d of builds) {
    const mine = results.filter((x) => x.dist === d);
    const range = (f, digits = 0) => `${Math.min(...mine.map(f)).toFixed(digits)}–${Math.max(...mine.map(f)).toFixed(digits)}`;
    console.log(`${d}\n  ${range((x) => x.rate)} events/s, p99 ${range((x) => x.p99)} ms, server CPU ${range((x) => x.cpuMsPerEvent, 3)} ms/event`);
  }
  console.log(`load average   ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

if (process.argv[2] === '--serve') await serve(process.argv[3], process.argv[4], process.argv[5]);
else await drive();
