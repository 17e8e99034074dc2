#!/usr/bin/env node
// The dashboard on a big store: the overview's API call (/ui/api/overview: the stacked series, the
// suppressions over time and the five top lists) for 24 h, 7 d and 30 d, and the suppression search,
// on a store of N records (default 1,000,000) spread over 30 days and 5,000 domains, through the
// real server over loopback with a signed-in session; p50/p99 of each. Then the weight of the first
// page (index.html, the script, the stylesheet), raw and gzipped.
// Usage: npm run build && npm run bench:ui [-- --records N] [--runs R] [--db FILE]
// --db FILE: fill FILE once and keep it (a later run with the same FILE reuses it as it is).
// --vs DIR: also serve the same store with another build (DIR: a checkout with dist/ built, e.g. an
// older commit), read-only and not migrated, and alternate the calls between the two: before and after in one run.
// --store-url postgres://…/DB: serve a PostgreSQL store instead: DB (made beforehand, e.g. `createdb`) gets the
// filled SQLite store copied into it (`rebound store copy`, schema and roll-ups made by this build) when it
// holds no records, else is used as it is (migrated by this build); with --vs the other build serves the same
// database, not migrated.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { args, num as opt, opt as text } from './args.mjs';

const dbArg = args.includes('--db') ? args[args.indexOf('--db') + 1] : null;
const vsDir = args.includes('--vs') ? resolve(args[args.indexOf('--vs') + 1]) : null;
const N = opt('--records', 1_000_000);
const RUNS = opt('--runs', 30);
const TOKEN = 'bench-ui-token-0123456789';
const DAY = 86_400_000;

const { openStore } = await import('../dist/store/open.js');
const { transaction } = await import('../dist/store/sync.js');
const { insertMessage } = await import('../dist/store/messages.js');
const { insertBounce } = await import('../dist/store/bounces.js');
const { insertSuppression } = await import('../dist/store/suppressions.js');
const { startHttp } = await import('../dist/http/server.js');
const { parseHttpSettings } = await import('../dist/config/http.js');
const { parseUiSettings } = await import('../dist/config/ui.js');
const { pipelineContext } = await import('../dist/pipeline/context.js');
const { pino } = await import('pino');

const dir = mkdtempSync(join(tmpdir(), 'rebound-bench-ui-'));
const reuse = dbArg !== null && existsSync(dbArg);
const store = await openStore(dbArg ?? join(dir, 'rebound.db'), { synchronous: 'NORMAL' });

// a deterministic spread: a few big providers and a long tail of domains, failures of every kind
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const BIG = [['gmail.com', 'gmail-smtp-in.l.google.com'], ['outlook.com', 'outlook-com.olc.protection.outlook.com'], ['yahoo.com', 'mta7.am0.yahoodns.net'], ['icloud.com', 'mx01.mail.icloud.com']];
const KINDS = [
  { kind: 'bounce', type: 'hard', reason: 'userunknown', status: '5.1.1', code: 550 },
  { kind: 'bounce', type: 'hard', reason: 'hostunknown', status: '5.1.2', code: 550 },
  { kind: 'bounce', type: 'soft', reason: 'mailboxfull', status: '4.2.2', code: 452 },
  { kind: 'bounce', type: 'soft', reason: 'blocked', status: '5.7.1', code: 554 },
  { kind: 'delay', type: 'soft', reason: 'ratelimited', status: '4.7.0', code: 421 },
  { kind: 'bounce', type: 'soft', reason: 'authfailure', status: '5.7.26', code: 550 },
  { kind: 'complaint', type: 'hard', reason: 'feedback', status: null, code: null },
];
const WEIGHTS = [0.45, 0.05, 0.2, 0.1, 0.12, 0.03, 0.05];
const pick = () => {
  let r = rnd();
  for (let i = 0; i < WEIGHTS.length; i++) if ((r -= WEIGHTS[i]) <= 0) return KINDS[i];
  return KINDS[0];
};

const now = Date.now();
const t0 = performance.now();
if (!reuse) fill();
function fill() {
  const PER_MESSAGE = 100; // records per stored message (the raw bytes are not what is measured)
  transaction(store, () => {
    let messageId = 0;
    for (let i = 0; i < N; i++) {
      const at = new Date(now - Math.floor(rnd() * 30 * DAY)).toISOString();
      if (i % PER_MESSAGE === 0) {
        messageId = insertMessage(store, {
          sha256: `bench${i}`, size: 10, source: 'file', source_ref: null, envelope_from: null, envelope_to: null, return_path_recipient: null,
          origin: null, received_at: at, spooled_at: at, status: 'parsed', parser_version: 'bench', processed_at: at, kind: 'bounce', format: 'bench',
          reporting_mta: null, message_id: null, subject: null, feedback_type: null, problems: '[]',
        }, Buffer.from('bench\r\n'));
      }
      const big = rnd() < 0.5 ? BIG[Math.floor(rnd() * BIG.length)] : null;
      const domain = big ? big[0] : `domain${Math.floor(5000 * rnd() ** 3)}.example`;
      const k = pick();
      const address = `user${i}@${domain}`;
      insertBounce(store, {
        message_id: messageId, recipient: address, recipient_reported: address, domain, kind: k.kind, action: k.kind === 'delay' ? 'delayed' : 'failed',
        status: k.status, smtp_code: k.code, type: k.type, reason: k.reason, remote_mta: big ? big[1] : `mx.${domain}`, diagnostic: `${k.code ?? ''} ${k.status ?? ''} bench`,
        command: 'RCPT', reporting_mta: null, original_message_id: null, feedback_type: k.kind === 'complaint' ? 'abuse' : null, from_return_path: 0, event_at: at,
      });
      if (k.type === 'hard' && (k.kind === 'bounce' || k.kind === 'complaint')) {
        insertSuppression(store, {
          address, domain, type: k.kind === 'complaint' ? 'complaint' : 'hard', reason: k.reason, suppressed_at: at, first_event_at: at, last_event_at: at,
          event_count: 1, bounce_id: null, expires_at: null, lifted_at: null, note: null,
        });
      }
    }
  });
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  store.sqlite.exec('analyze');
}
const fillSeconds = (performance.now() - t0) / 1000;
let suppressions = store.sqlite.prepare('select count(*) as n from suppressions').get().n;
let records = store.sqlite.prepare('select count(*) as n from bounces').get().n;

// a PostgreSQL store: the SQLite one copied into it once
const storeUrl = text('--store-url');
let pgStore = null;
let copied = '';
if (storeUrl) {
  const { openPgStore, migratePg } = await import('../dist/store/pg/open.js');
  const { copySqliteToPg } = await import('../dist/store/pg/copy.js');
  pgStore = openPgStore(storeUrl, { max: 8 });
  const { sql } = await import('kysely');
  const count = async (table) => {
    const r = await sql.raw(`select count(*) as n from ${table}`).execute(pgStore.db).catch(() => ({ rows: [{ n: 0 }] }));
    return Number(r.rows[0].n);
  };
  if ((await count('bounces')) === 0) {
    const c0 = performance.now();
    await copySqliteToPg(store, pgStore);
    await sql`analyze`.execute(pgStore.db);
    copied = `; copied into PostgreSQL in ${((performance.now() - c0) / 1000).toFixed(1)} s`;
  } else {
    const migrated = await migratePg(pgStore);
    if (migrated.error) throw migrated.error;
    copied = '; PostgreSQL store filled before';
  }
  [records, suppressions] = [await count('bounces'), await count('suppressions')];
}

const logger = pino({ level: 'error' });
/** a server of the dashboard on a store handle, signed in */
async function serve(m, handle, portOf) {
  const http = await m.startHttp(m.pipelineContext(handle, {}, portOf), m.parseHttpSettings({ port: 0 }), { logger, ui: { settings: m.parseUiSettings({ tokens: [{ name: 'bench', role: 'viewer', token: TOKEN }] }) } });
  const signIn = await fetch(`${http.address}/ui/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: TOKEN }) });
  return { http, cookie: signIn.headers.get('set-cookie').split(';')[0] };
}
const pgPortOfHere = pgStore && (await import('../dist/store/pg/context-port.js')).pgPortOf(pgStore);
const servers = [await serve({ startHttp, pipelineContext, parseHttpSettings, parseUiSettings }, store, pgPortOfHere ?? undefined)];
let vsStore = null;
let vsPg = null;
if (vsDir) {
  const from = (f) => import(pathToFileURL(join(vsDir, 'dist', f)).href);
  const [open, server, context, httpCfg, uiCfg] = await Promise.all(['store/open.js', 'http/server.js', 'pipeline/context.js', 'config/http.js', 'config/ui.js'].map(from));
  vsStore = await open.openStore(store.path, { migrate: false });
  let portOf;
  if (pgStore) {
    const [pgOpen, pgContext] = await Promise.all(['store/pg/open.js', 'store/pg/context-port.js'].map(from));
    vsPg = pgOpen.openPgStore(storeUrl, { max: 8 });
    portOf = pgContext.pgPortOf(vsPg);
  }
  servers.push(await serve({ startHttp: server.startHttp, pipelineContext: context.pipelineContext, parseHttpSettings: httpCfg.parseHttpSettings, parseUiSettings: uiCfg.parseUiSettings }, vsStore, portOf));
}

/** p50/p99 of each server for one call, their calls alternating */
async function measure(path) {
  const times = servers.map(() => []);
  let bytes = 0;
  for (let i = 0; i < RUNS + 2; i++) {
    for (const [j, { http, cookie }] of servers.entries()) {
      const s = performance.now();
      const res = await fetch(`${http.address}${path}`, { headers: { cookie } });
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${Buffer.from(body).toString()}`);
      if (i >= 2) times[j].push(performance.now() - s); // the first two warm the statement cache
      if (j === 0) bytes = body.byteLength;
    }
  }
  return {
    bytes,
    each: times.map((t) => {
      t.sort((a, b) => a - b);
      const q = (p) => t[Math.min(t.length - 1, Math.floor(p * t.length))];
      return { p50: q(0.5), p99: q(0.99) };
    }),
  };
}

const hour = Math.ceil(now / 3_600_000) * 3_600_000;
const endOfDay = Math.floor(now / DAY) * DAY + DAY;
const iso = (ms) => new Date(ms).toISOString();
const calls = [
  ['overview 24 h (records, hourly)', `/ui/api/overview?from=${iso(hour - DAY)}&to=${iso(hour)}`],
  ['overview 7 d (roll-ups)', `/ui/api/overview?from=${iso(endOfDay - 7 * DAY)}&to=${iso(endOfDay)}`],
  ['overview 30 d (roll-ups)', `/ui/api/overview?from=${iso(endOfDay - 30 * DAY)}&to=${iso(endOfDay)}`],
  ['suppressions, newest first', '/ui/api/suppressions?limit=25'],
  ['suppressions of a domain', '/ui/api/suppressions?domain=gmail.com&sort=address&dir=asc&limit=25'],
  ['suppressions, address starts with', '/ui/api/suppressions?q=user12345&limit=25'],
];

const lines = [];
const filled = reuse ? `${dbArg}, filled before` : `filled in ${fillSeconds.toFixed(1)} s (${Math.round(N / fillSeconds).toLocaleString('en-US')} records/s, roll-up triggers included)`;
lines.push(`store${pgStore ? ` (PostgreSQL, ${pgStore.url})` : ''}: ${records.toLocaleString('en-US')} records, ${suppressions.toLocaleString('en-US')} suppressions; ${filled}${copied}`);
lines.push(`load average before measuring: ${loadavg().map((x) => x.toFixed(2)).join(' ')}  (${RUNS} calls each, sequential)`);
lines.push('');
const heads = vsDir ? ['this build', `vs ${vsDir}`] : ['this build'];
lines.push(`${'call'.padEnd(34)} ${heads.map((x) => 'p50 ms   p99 ms'.padStart(17)).join('  ')}   response`);
if (vsDir) lines.push(`${''.padEnd(34)} ${heads.map((x) => x.slice(0, 17).padStart(17)).join('  ')}`);
for (const [name, path] of calls) {
  const r = await measure(path);
  const cols = r.each.map((e) => `${e.p50.toFixed(1).padStart(6)}   ${e.p99.toFixed(1).padStart(6)}`.padStart(17));
  lines.push(`${name.padEnd(34)} ${cols.join('  ')}   ${(r.bytes / 1024).toFixed(1)} KiB`);
}
lines.push(`load average after measuring: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

// the first page: everything a browser fetches before it shows the overview (the API call aside)
const uiDir = fileURLToPath(new URL('../dist/ui/', import.meta.url));
let raw = 0;
let gz = 0;
lines.push('');
lines.push('page weight                        raw KiB  gzip KiB');
for (const f of readdirSync(uiDir).sort()) {
  const b = readFileSync(join(uiDir, f));
  const g = gzipSync(b, { level: 9 }).length;
  raw += b.length;
  gz += g;
  lines.push(`${f.padEnd(34)} ${(b.length / 1024).toFixed(1).padStart(7)}  ${(g / 1024).toFixed(1).padStart(8)}`);
}
lines.push(`${'first page, total'.padEnd(34)} ${(raw / 1024).toFixed(1).padStart(7)}  ${(gz / 1024).toFixed(1).padStart(8)}`);
process.stdout.write(lines.join('\n') + '\n');

for (const { http } of servers) await http.stop();
await vsStore?.close();
await vsPg?.close();
await pgStore?.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
