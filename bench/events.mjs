#!/usr/bin/env node
// Provider events into the store: signed SendGrid Event Webhook batches (100 events each: hard and
// soft bounces, drops, deferrals, spam reports) POSTed to /v1/events/sendgrid over keep-alive
// connections on loopback. The server runs in a child process (its own core), with a SQLite file
// as `rebound serve` opens it; each answer comes after the batch's commit. Reports events/s into
// the store and the per-batch latency (p50, p99). Goal: at least 5,000 events/s.
// The server is wired as `rebound serve` wires its API: pipeline context, metrics counting what is
// written (a store observer, as in serve). `--dist DIR` runs another build (an older commit's
// dist/) under the same driver, to compare side by side.
// Usage: npm run build && npm run bench:events [-- --batches N] [--size S] [--connections C] [--dist DIR]
import { fork } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};

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
  const http = await startHttp(pipelineContext(store), parseHttpSettings({ port: 0, token: 'bench-token-0123456789abcdef' }), { logger: pino({ level: 'warn' }), metrics, events: parseEventsSettings({ sendgrid: { publicKey } }) });
  process.send({ ready: true, port: http.port });
  process.on('message', async (m) => {
    if (m === 'count') process.send({ count: store.sqlite.prepare('select count(*) as n from messages').get().n, records: store.sqlite.prepare('select count(*) as n from bounces').get().n });
    if (m === 'stop') {
      await http.stop();
      await store.close();
      process.exit(0);
    }
  });
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

async function drive() {
  const batches = opt('--batches', 200);
  const size = opt('--size', 100);
  const connections = opt('--connections', 4);
  const di = args.indexOf('--dist');
  const dist = resolve(di >= 0 ? args[di + 1] : fileURLToPath(new URL('../dist', import.meta.url)));
  const dir = mkdtempSync(join(tmpdir(), 'rebound-bench-events-'));
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const child = fork(fileURLToPath(import.meta.url), ['--serve', dist, join(dir, 'rebound.db'), publicKey.export({ format: 'der', type: 'spki' }).toString('base64')]);
  // the server and its database never outlive the driver, even when the driver fails
  process.on('exit', () => {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  });
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
  rmSync(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
  const events = batches * size;
  console.log(`build          ${dist}`);
  console.log(`batches        ${batches} x ${size} events, ${connections} connections`);
  console.log(`stored         ${counted.count} events, ${counted.records} records`);
  console.log(`throughput     ${Math.round(events / seconds)} events/s (${seconds.toFixed(2)} s)`);
  console.log(`batch latency  p50 ${pct(50)} ms, p99 ${pct(99)} ms`);
  console.log(`load average   ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (counted.count !== events) {
    console.error(`expected ${events} stored events`);
    process.exitCode = 1;
  }
}

if (process.argv[2] === '--serve') await serve(process.argv[3], process.argv[4], process.argv[5]);
else await drive();
