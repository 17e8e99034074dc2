#!/usr/bin/env node
// Parser throughput and memory over a corpus, as a whole process: the clock starts at the top of
// this script, and module loading (the built parser and its dependencies), listing and reading the
// files, and parsing are all counted. Files are read from disk again on every pass (no in-memory
// copy between passes), so each pass is what a batch import of those files would cost.
//
//   npm run bench:parse [-- --corpus DIR] [--passes N] [--ref CHECKOUT [--rounds R]]
//
// DIR defaults to REBOUND_CORPUS, else ../shared/corpus/sisimai/eml; a DIR with an eml/ inside is
// read from there. Needs the build (npm run build). Goal: >= 2,000 messages/s, < 150 MB peak RSS.
// With --ref, side by side: R rounds (default 5), each running this build and the reference build
// (CHECKOUT/dist, e.g. an older commit's) as separate processes, the order alternating per round;
// prints each one's range of messages/s and peak RSS, and the load average before and after.
const T0 = process.hrtime.bigint();
const BOOT_MS = performance.now(); // node's own start-up, before this script ran

const { readdirSync, readFileSync, existsSync, statSync } = await import('node:fs');
const { join, resolve, dirname } = await import('node:path');
const { fileURLToPath } = await import('node:url');

const ms = (from, to = process.hrtime.bigint()) => Number(to - from) / 1e6;
const here = dirname(fileURLToPath(import.meta.url));
const { args, opt } = await import('./args.mjs');
const passes = Number(opt('--passes') ?? 10);
if (!Number.isInteger(passes) || passes < 1) {
  console.error('--passes wants a positive integer');
  process.exit(2);
}
let corpus = resolve(opt('--corpus') ?? process.env.REBOUND_CORPUS ?? join(here, '../../shared/corpus/sisimai/eml'));
if (existsSync(join(corpus, 'eml')) && statSync(join(corpus, 'eml')).isDirectory()) corpus = join(corpus, 'eml');
if (!existsSync(corpus)) {
  console.error(`no corpus at ${corpus} (set --corpus DIR or REBOUND_CORPUS)`);
  process.exit(2);
}
if (opt('--ref') !== undefined) await sideBySide(); // never returns

// ---- module loading ---------------------------------------------------------------------------
const tLoad = process.hrtime.bigint();
let parseBounce;
try {
  ({ parseBounce } = await import(distUrl('parser.js')));
} catch (err) {
  console.error(`cannot load ${distUrl('parser.js')} (run \`npm run build\` first): ${err.message}`);
  process.exit(2);
}
const loadMs = ms(tLoad);

// ---- passes -----------------------------------------------------------------------------------
let listMs = 0;
let readMs = 0;
let parseMs = 0;
let messages = 0;
let bytes = 0;
let exceptions = 0;
let slowest = { ms: 0, file: '' };
const kinds = {};
const passMs = [];

for (let pass = 0; pass < passes; pass++) {
  const tPass = process.hrtime.bigint();
  const t = process.hrtime.bigint();
  const files = readdirSync(corpus).filter((f) => f.endsWith('.eml')).sort();
  listMs += ms(t);
  if (files.length === 0) {
    console.error(`no .eml files in ${corpus}`);
    process.exit(2);
  }
  for (const f of files) {
    const r0 = process.hrtime.bigint();
    const raw = readFileSync(join(corpus, f));
    const r1 = process.hrtime.bigint();
    let report;
    try {
      report = parseBounce(raw);
    } catch (err) {
      exceptions++;
      if (pass === 0) console.error(`${f}: THREW ${err?.stack ?? err}`);
    }
    const r2 = process.hrtime.bigint();
    readMs += ms(r0, r1);
    const p = ms(r1, r2);
    parseMs += p;
    if (p > slowest.ms) slowest = { ms: p, file: f };
    messages++;
    bytes += raw.length;
    if (pass === 0 && report) kinds[report.kind] = (kinds[report.kind] ?? 0) + 1;
  }
  passMs.push(ms(tPass));
}

// ---- report -----------------------------------------------------------------------------------
const totalMs = ms(T0);
const rssMb = process.resourceUsage().maxRSS / 1024; // maxRSS is in KB
// CPU time (user + system) of the whole process: steadier than the clock on a loaded machine
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const mem = process.memoryUsage();
const perFile = messages / passes;
const rate = messages / (totalMs / 1000);
const otherMs = totalMs - loadMs - listMs - readMs - parseMs;
const pct = (x) => `${((100 * x) / totalMs).toFixed(1).padStart(5)} %`;
const row = (name, x) => `  ${name.padEnd(24)} ${(x / 1000).toFixed(3).padStart(8)} s ${pct(x)}`;
const sorted = [...passMs].sort((a, b) => a - b);

console.log(`corpus:        ${corpus} (${perFile} files, ${(bytes / passes / 1024 / 1024).toFixed(2)} MB), ${passes} passes, files read from disk on every pass`);
console.log(`messages:      ${messages}`);
console.log(`seconds:       ${(totalMs / 1000).toFixed(3)} (whole process from the top of the script; node's own start-up before it: ${(BOOT_MS / 1000).toFixed(3)} s more)`);
console.log(`messages/s:    ${rate.toFixed(0)} whole process; ${(messages / (parseMs / 1000)).toFixed(0)} parsing only; ${(messages / ((totalMs + BOOT_MS) / 1000)).toFixed(0)} counting node start-up`);
console.log(`CPU time:      ${(cpuMs() / 1000).toFixed(3)} s (user + system, whole process), ${((1000 * cpuMs()) / messages).toFixed(0)} µs per message`);
console.log(`peak RSS:      ${rssMb.toFixed(1)} MB (heap used at the end ${(mem.heapUsed / 1024 / 1024).toFixed(1)} MB)`);
console.log('phases:');
console.log(row('module loading', loadMs));
console.log(row('listing the corpus', listMs));
console.log(row('reading files', readMs));
console.log(row('parsing', parseMs));
console.log(row('other (args, GC, loop)', otherMs));
console.log(`passes:        fastest ${(sorted[0] / 1000).toFixed(3)} s, median ${(sorted[Math.floor(sorted.length / 2)] / 1000).toFixed(3)} s, first ${(passMs[0] / 1000).toFixed(3)} s`);
console.log(`slowest parse: ${slowest.ms.toFixed(1)} ms (${slowest.file})`);
console.log(`kinds (pass 1): ${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ')}`);
console.log(`exceptions:    ${exceptions}`);
const okRate = rate >= 2000;
const okRss = rssMb < 150;
console.log(`goal:          >= 2000 msg/s ${okRate ? 'met' : 'NOT met'}; < 150 MB peak RSS ${okRss ? 'met' : 'NOT met'}`);
if (args.includes('--summary')) console.log(`summary: ${JSON.stringify({ rate, parseRate: messages / (parseMs / 1000), rssMb, loadMs, cpuMs: cpuMs() })}`);
if (exceptions) process.exitCode = 1;

/** The built modules to measure: this checkout's, or --dist DIR's (a reference build). */
function distUrl(file) {
  const dist = opt('--dist');
  return dist ? new URL(file, `file://${resolve(dist)}/`).href : new URL(`../dist/${file}`, import.meta.url).href;
}

/** --ref CHECKOUT: this build and the reference in alternating whole processes, then ranges. */
async function sideBySide() {
  const { spawnSync } = await import('node:child_process');
  const { loadavg } = await import('node:os');
  const rounds = Number(opt('--rounds') ?? 5);
  if (!Number.isInteger(rounds) || rounds < 1) {
    console.error('--rounds wants a positive integer');
    process.exit(2);
  }
  const refDist = join(resolve(opt('--ref')), 'dist');
  if (!existsSync(join(refDist, 'parser.js'))) {
    console.error(`no built parser at ${refDist}/parser.js`);
    process.exit(2);
  }
  const builds = [
    { name: 'this build', dist: join(here, '../dist') },
    { name: `reference ${resolve(opt('--ref'))}`, dist: refDist },
  ];
  const self = fileURLToPath(import.meta.url);
  const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`side by side: ${rounds} rounds × ${builds.length} builds, ${passes} passes over ${corpus}; load average ${load()}`);
  const got = builds.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < builds.length; k++) {
      const i = (k + round) % builds.length; // alternate who goes first
      const r = spawnSync(process.execPath, [self, '--corpus', corpus, '--passes', String(passes), '--dist', builds[i].dist, '--summary'], { encoding: 'utf8' });
      const line = r.stdout.split('\n').find((l) => l.startsWith('summary: '));
      if (r.status !== 0 || !line) {
        console.error(`${builds[i].name}: exit ${r.status}\n${r.stderr.slice(-2000)}`);
        process.exit(1);
      }
      got[i].push(JSON.parse(line.slice(9)));
    }
  }
  const range = (xs, d = 0) => `${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)}`;
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const [i, b] of builds.entries()) {
    const g = got[i];
    console.log(`${b.name.padEnd(34)} msg/s ${range(g.map((x) => x.rate)).padStart(11)} (median ${median(g.map((x) => x.rate)).toFixed(0)}), parsing only ${range(g.map((x) => x.parseRate)).padStart(11)}, CPU ${range(g.map((x) => x.cpuMs / 1000), 2)} s, peak RSS ${range(g.map((x) => x.rssMb), 1)} MB, module loading ${range(g.map((x) => x.loadMs))} ms`);
  }
  const ratios = got[0].map((x, r) => x.rate / got[1][r].rate);
  const cpu = got[0].map((x, r) => got[1][r].cpuMs / x.cpuMs);
  console.log(`this / reference speed, per round: ${ratios.map((x) => x.toFixed(2)).join(', ')} (median ${median(ratios).toFixed(2)}); by CPU time ${cpu.map((x) => x.toFixed(2)).join(', ')} (median ${median(cpu).toFixed(2)})`);
  console.log(`load average after ${load()}`);
  process.exit(0);
}
