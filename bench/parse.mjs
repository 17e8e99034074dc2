#!/usr/bin/env node
// Parser throughput and memory over a corpus, as a whole process: the clock starts at the top of
// this script, and module loading (the built parser and its dependencies), listing and reading the
// files, and parsing are all counted. Files are read from disk again on every pass (no in-memory
// copy between passes), so each pass is what a batch import of those files would cost.
//
//   npm run bench:parse [-- --corpus DIR] [--passes N]
//
// DIR defaults to REBOUND_CORPUS, else ../shared/corpus/sisimai/eml; a DIR with an eml/ inside is
// read from there. Needs the build (npm run build). Goal: >= 2,000 messages/s, < 150 MB peak RSS.
const T0 = process.hrtime.bigint();
const BOOT_MS = performance.now(); // node's own start-up, before this script ran

const { readdirSync, readFileSync, existsSync, statSync } = await import('node:fs');
const { join, resolve, dirname } = await import('node:path');
const { fileURLToPath } = await import('node:url');

const ms = (from, to = process.hrtime.bigint()) => Number(to - from) / 1e6;
const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
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

// ---- module loading ---------------------------------------------------------------------------
const tLoad = process.hrtime.bigint();
let parseBounce;
try {
  ({ parseBounce } = await import('../dist/parser.js'));
} catch (err) {
  console.error(`cannot load ../dist/parser.js (run \`npm run build\` first): ${err.message}`);
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
if (exceptions) process.exitCode = 1;
