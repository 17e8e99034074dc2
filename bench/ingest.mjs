#!/usr/bin/env node
// Ingestion throughput, files to SQLite with every step (read, hash, spool, parse, classify,
// records, policy, commit), over the labelled corpus copied N times (default 10). Each copy gets
// one extra line at its end so that every file is a new message, not a duplicate.
// Prints wall-clock messages/s, CPU time (all threads) and peak RSS.
// Usage: npm run build && npm run bench:ingest [-- --corpus DIR] [--copies N] [--sync NORMAL|FULL]
// With --store-url postgres://…/postgres: into a fresh PostgreSQL database on that server (made and
// migrated before the clock starts, as the SQLite file is; dropped after) through the PostgreSQL
// store port, in groups of 64 messages per transaction, as a host's processor forwards its spool:
// each group parsed on the parse threads (--workers, as for SQLite), then written (--streams S such
// groups at once, default 2: one parsed while another commits).
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDatabase } from './pg-database.mjs';
import { openStore } from '../dist/store/open.js';
import { pipelineContext } from '../dist/pipeline/context.js';
import { runIngest } from '../dist/cli/ingest.js';
import { args, opt } from './args.mjs';
import { tuneV8 } from '../dist/v8-tuning.js';

// the V8 settings `rebound ingest` runs with (set by the CLI at its start)
tuneV8();

const here = dirname(fileURLToPath(import.meta.url));
const corpus = resolve(opt('--corpus', process.env.REBOUND_CORPUS ?? join(here, '../../shared/corpus/sisimai')));
const copies = Number(opt('--copies', '10'));
const sync = opt('--sync', 'NORMAL').toUpperCase();
const workers = opt('--workers');
const eml = existsSync(join(corpus, 'eml')) ? join(corpus, 'eml') : corpus;
if (!existsSync(eml)) {
  console.error(`no corpus at ${corpus} (set --corpus DIR or REBOUND_CORPUS)`);
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'rebound-bench-'));
try {
  const names = readdirSync(eml).filter((f) => f.endsWith('.eml'));
  for (let c = 0; c < copies; c++) {
    const dir = join(work, 'in', `copy-${String(c).padStart(2, '0')}`);
    mkdirSync(dir, { recursive: true });
    for (const f of names) writeFileSync(join(dir, f), Buffer.concat([readFileSync(join(eml, f)), Buffer.from(`\n\nbench copy ${c}\n`)]));
  }
  const store = await openStore(join(work, 'bench.db'), { synchronous: sync });
  const storeUrl = opt('--store-url');
  const streams = Number(opt('--streams', '2'));
  // the store made and migrated before the clock starts, on either side (openStore above for SQLite)
  const pg = storeUrl ? await postgresStore(storeUrl, streams) : null;
  let s, seconds, cpu;
  try {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    s = pg
      ? await ingestIntoPostgres(store, pg, join(work, 'in'), streams, workers === undefined ? undefined : Number(workers))
      : await runIngest(pipelineContext(store), [join(work, 'in')], { workers: workers === undefined ? undefined : Number(workers) });
    seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const c = process.cpuUsage(c0);
    cpu = (c.user + c.system) / 1e6; // every thread of the process
  } finally {
    await pg?.close();
  }
  await store.close();
  const peakRss = process.resourceUsage().maxRSS / 1024; // KiB -> MiB
  console.log(`files         ${names.length} x ${copies} = ${names.length * copies}`);
  console.log(`messages      ${s.messages} (new ${s.new}, duplicates ${s.duplicates}, failed ${s.failed}, unreadable ${s.unreadable})`);
  console.log(`records       ${s.records}, suppressed ${s.suppressed}`);
  console.log(`time          ${seconds.toFixed(2)} s  (synchronous=${sync}, parser threads ${workers ?? 'default'})`);
  console.log(`throughput    ${Math.round(s.messages / seconds)} messages/s`);
  // on a machine busy with other work the wall-clock figure drops; CPU time per message does not much
  console.log(`cpu           ${cpu.toFixed(2)} s for all threads: ${Math.round(s.messages / cpu)} messages per CPU-second`);
  console.log(`peak RSS      ${peakRss.toFixed(0)} MiB`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** A fresh PostgreSQL database on the server of `adminUrl`, migrated; `close()` drops it. */
async function postgresStore(adminUrl, streams) {
  const { openPgStore, migratePg } = await import('../dist/store/pg/open.js');
  const database = await benchDatabase(adminUrl, 'ingest');
  const shared = openPgStore(database.url, { max: streams + 1 });
  try {
    const migrated = await migratePg(shared);
    if (migrated.error) throw migrated.error;
  } catch (err) {
    await shared.close();
    await database.drop();
    throw err;
  }
  return { shared, close: async () => (await shared.close(), await database.drop()) };
}

/** Every file into the PostgreSQL database, through the store port: the forwarder's unit of work. */
async function ingestIntoPostgres(store, pg, dir, streams, workers) {
  const { pgPortOf } = await import('../dist/store/pg/context-port.js');
  const { createParsePool } = await import('../dist/pipeline/parse-pool.js');
  const pool = createParsePool(workers, { classifier: store.classifier, rules: store.rules });
  try {
    const port = pipelineContext(store, {}, pgPortOf(pg.shared)).port;
    const files = readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.eml')).map((f) => join(dir, String(f)));
    const out = { messages: 0, new: 0, duplicates: 0, failed: 0, unreadable: 0, records: 0, suppressed: 0 };
    let next = 0;
    await Promise.all(
      Array.from({ length: streams }, async () => {
        while (next < files.length) {
          const group = files.slice(next, (next += 64)).map((f) => ({ raw: readFileSync(f), meta: { source: 'file', sourceRef: f } }));
          // the bytes are kept (copied to the parse thread): they are written after the parse
          const parsed = await pool.parseAll(group.map((g) => ({ raw: g.raw, format: null })));
          for (const r of await port.ingestGroup(group.map((g, i) => ({ ...g, parsed: parsed[i] })))) {
            out.messages++;
            if (r.duplicate) out.duplicates++;
            else out.new++;
            if (r.status === 'failed') out.failed++;
            out.records += r.records;
            out.suppressed += r.suppressed.length;
          }
        }
      }),
    );
    return out;
  } finally {
    await pool.close();
  }
}
