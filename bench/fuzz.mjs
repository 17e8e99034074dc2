#!/usr/bin/env node
// Fuzz the built parser (../dist/index.js; run `npm run build` first) with the deterministic
// mutation engine of fuzz-engine.mjs, the same one test/fuzz.test.ts uses.
//
//   npm run fuzz -- [--cases N] [--seed S] [--start I] [--case I] [--dump DIR]
//                   [--fixtures DIR] [--huge-bytes B] [--long-token-bytes B] [--slow-ms MS] [--timeout-ms MS]
//
// --cases N       number of cases (default 1000)            --seed S   run seed (default: random, printed)
// --start I       first case index (default 0)              --case I   replay case I alone (prints its report)
// --dump DIR      write the input of every failing case to DIR/fuzz-<seed>-<index>.eml
// --fixtures DIR  extra seed messages (default ../fixtures/dsn; every .eml file in it)
// --huge-bytes B  size of the "20 MB body" mutations (default 20 MiB)
// --long-token-bytes B  longest run of non-space characters of the long-token mutation (default 256 KiB)
// --slow-ms MS    a watchdog thread reports a case still running after MS (default 10000)
// --timeout-ms MS ... and kills the process (SIGTERM) after MS (default 120000; 0 = never)
//
// A case is a pure function of (seed, index, seed messages), so `--seed S --case I` replays it.
// Exit status: 0 when every case gave a well-formed report, 1 on any exception or malformed
// report, 2 on bad usage or a missing build; a case that hangs past --timeout-ms is named on stderr
// and the process is killed with SIGTERM (status 143 in a shell).
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { REPORT_KINDS, loadSeeds, makeCase } from './fuzz-engine.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const int = (name, fallback) => {
  const v = opt(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`${name} wants a non-negative integer, got ${JSON.stringify(v)}`);
    process.exit(2);
  }
  return n;
};

const MB = 1024 * 1024;
const seed = int('--seed', (Math.random() * 2 ** 31) >>> 0);
const replay = opt('--case') !== undefined ? int('--case', 0) : null;
const start = replay ?? int('--start', 0);
const cases = replay !== null ? 1 : int('--cases', 1000);
const dumpDir = opt('--dump');
const fixtures = resolve(opt('--fixtures', join(here, '../fixtures/dsn')));
const hugeBytes = int('--huge-bytes', 20 * MB);
const longTokenBytes = int('--long-token-bytes', 256 * 1024);
const slowMs = int('--slow-ms', 10_000);
const timeoutMs = int('--timeout-ms', 120_000);

let parseBounce;
try {
  ({ parseBounce } = await import('../dist/index.js'));
} catch (err) {
  console.error(`cannot load ../dist/index.js (run \`npm run build\` first): ${err.message}`);
  process.exit(2);
}

const seeds = loadSeeds(fixtures);
const describe = (c) => `case ${c.index} (${c.mutation}${c.detail ? ` ${c.detail}` : ''} on ${c.source}, ${fmtSize(c.size)})`;
const replayCmd = (index) => `npm run fuzz -- --seed ${seed} --case ${index}`;
function fmtSize(n) {
  return n >= MB ? `${(n / MB).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} B`;
}

// ---- watchdog: the parser is synchronous, so a hang can only be seen from another thread --------
const shared = new SharedArrayBuffer(4 * 4 + 512);
const state = new Int32Array(shared, 0, 4); // [sequence, running, case index]
const label = new Uint8Array(shared, 16, 512);
const watchdog = new Worker(
  `
  const { workerData } = require('node:worker_threads');
  const { writeSync } = require('node:fs');
  const state = new Int32Array(workerData.shared, 0, 4);
  const label = new Uint8Array(workerData.shared, 16, 512);
  let seen = -1, since = Date.now(), warned = false;
  setInterval(() => {
    const seq = Atomics.load(state, 0);
    if (seq !== seen || Atomics.load(state, 1) === 0) { seen = seq; since = Date.now(); warned = false; return; }
    const ms = Date.now() - since;
    const what = Buffer.from(label).toString('utf8').replace(/\\0+$/, '');
    if (!warned && ms >= workerData.slowMs) {
      warned = true;
      writeSync(2, '\\nwatchdog: ' + what + ' still running after ' + (ms / 1000).toFixed(1) + ' s; replay: ' + workerData.replay.replace('INDEX', Atomics.load(state, 2)) + '\\n');
    }
    if (workerData.timeoutMs > 0 && ms >= workerData.timeoutMs) {
      writeSync(2, 'watchdog: giving up: ' + what + ' hung for ' + (ms / 1000).toFixed(1) + ' s\\n');
      process.kill(process.pid, 'SIGTERM');
    }
  }, Math.max(10, Math.min(250, workerData.slowMs / 4)));
  `,
  { eval: true, workerData: { shared, slowMs, timeoutMs, replay: replayCmd('INDEX') } },
);
await once(watchdog, 'online');
watchdog.unref();

function running(c) {
  label.fill(0);
  label.set(Buffer.from(describe(c)).subarray(0, label.length - 1));
  Atomics.store(state, 2, c.index);
  Atomics.add(state, 0, 1);
  Atomics.store(state, 1, 1);
}
function idle() {
  Atomics.store(state, 1, 0);
  Atomics.add(state, 0, 1);
}

// ---- run ------------------------------------------------------------------------------------
console.log(
  `fuzz: seed ${seed}, cases ${start}..${start + cases - 1}, ${seeds.length} seed messages` +
    ` (${seeds.length - 9} from ${fixtures}), 20 MB bodies at ${fmtSize(hugeBytes)}`,
);

const exceptions = [];
const malformed = [];
const slowest = []; // top 5 by parse time
const byMutation = new Map();
let parseMs = 0;
let genMs = 0;
const t0 = performance.now();
let lastProgress = t0;
const progressEvery = Math.max(1, Math.ceil(cases / 20));

for (let k = 0; k < cases; k++) {
  const index = start + k;
  const g0 = performance.now();
  const c = makeCase(seed, index, seeds, { hugeBytes, longTokenBytes });
  const g1 = performance.now();
  genMs += g1 - g0;

  running(c);
  let report;
  let error = null;
  const p0 = performance.now();
  try {
    report = parseBounce(c.input);
  } catch (err) {
    error = err;
  }
  const ms = performance.now() - p0;
  idle();
  parseMs += ms;

  const m = byMutation.get(c.mutation) ?? { cases: 0, ms: 0, max: 0 };
  m.cases++;
  m.ms += ms;
  m.max = Math.max(m.max, ms);
  byMutation.set(c.mutation, m);
  slowest.push({ ms, c: { ...c, input: null } });
  slowest.sort((a, b) => b.ms - a.ms);
  if (slowest.length > 5) slowest.pop();

  let bad = null;
  if (error) {
    exceptions.push({ c, error });
    console.log(`EXCEPTION ${describe(c)}: ${error?.stack?.split('\n').slice(0, 4).join('\n    ') ?? String(error)}\n  replay: ${replayCmd(index)}`);
  } else if (!report || typeof report !== 'object') bad = 'no report';
  else if (!REPORT_KINDS.includes(report.kind)) bad = `invalid kind ${JSON.stringify(report.kind)}`;
  else if (!Array.isArray(report.problems) || !report.problems.every((p) => typeof p === 'string')) bad = 'problems is not an array of strings';
  else if (!Array.isArray(report.recipients)) bad = 'recipients is not an array';
  if (bad) {
    malformed.push({ c, bad });
    console.log(`MALFORMED ${describe(c)}: ${bad}\n  replay: ${replayCmd(index)}`);
  }
  if ((error || bad) && dumpDir) {
    mkdirSync(dumpDir, { recursive: true });
    writeFileSync(join(dumpDir, `fuzz-${seed}-${index}.eml`), c.input);
  }
  if (replay !== null && report) {
    console.log(`${describe(c)}: ${ms.toFixed(1)} ms`);
    console.log(JSON.stringify({ ...report, original: report.original && { ...report.original, headers: `[${report.original.headers.length} headers]` } }, null, 2));
  }

  const now = performance.now();
  if (replay === null && ((k + 1) % progressEvery === 0 || now - lastProgress > 5000 || k + 1 === cases)) {
    lastProgress = now;
    const rss = process.resourceUsage().maxRSS / 1024;
    console.log(
      `[${String(k + 1).padStart(String(cases).length)}/${cases}] ${((now - t0) / 1000).toFixed(1)} s, ` +
        `${exceptions.length} exceptions, ${malformed.length} malformed, slowest ${slowest[0].ms.toFixed(0)} ms, peak RSS ${rss.toFixed(0)} MB`,
    );
  }
}

// ---- summary --------------------------------------------------------------------------------
const total = (performance.now() - t0) / 1000;
const maxRss = process.resourceUsage().maxRSS / 1024;
console.log('');
console.log(`cases:       ${cases} (seed ${seed}, from index ${start})`);
console.log(`time:        ${total.toFixed(1)} s (parsing ${(parseMs / 1000).toFixed(1)} s, making cases ${(genMs / 1000).toFixed(1)} s)`);
console.log(`exceptions:  ${exceptions.length}`);
for (const { c, error } of exceptions) console.log(`  ${describe(c)}: ${String(error?.message ?? error).slice(0, 200)}  [replay: ${replayCmd(c.index)}]`);
console.log(`malformed:   ${malformed.length}`);
for (const { c, bad } of malformed) console.log(`  ${describe(c)}: ${bad}  [replay: ${replayCmd(c.index)}]`);
const top = slowest[0];
if (top) console.log(`slowest:     ${top.ms.toFixed(1)} ms, ${describe(top.c)}  [replay: ${replayCmd(top.c.index)}]`);
for (const s of slowest.slice(1)) console.log(`             ${s.ms.toFixed(1)} ms, ${describe(s.c)}`);
console.log(`peak RSS:    ${maxRss.toFixed(0)} MB`);
if (replay === null) {
  console.log('per mutation (cases, mean ms, max ms):');
  for (const [name, m] of [...byMutation].sort((a, b) => b[1].max - a[1].max)) {
    console.log(`  ${name.padEnd(26)} ${String(m.cases).padStart(6)} ${(m.ms / m.cases).toFixed(2).padStart(9)} ${m.max.toFixed(1).padStart(9)}`);
  }
}
if (exceptions.length || malformed.length) process.exitCode = 1;
