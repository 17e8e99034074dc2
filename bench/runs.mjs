#!/usr/bin/env node
// Hostile runs against the built parser (`npm run build` first): every place of runs-engine.mjs with
// a run of every filler, at 30,000 characters (a header field is cut at 32,000). Prints each case
// slower than --slow-ms (default 50) with its time at a quarter of the length beside it (a run four
// times as long taking about sixteen times as long is a quadratic scan), and the slowest case.
// Usage: npm run fuzz:runs [-- --chars N --slow-ms MS]. Exit 1 when a case is slower than --slow-ms.
import { FILLERS, places, run } from './runs-engine.mjs';
import { num } from './args.mjs';
import { tuneV8 } from '../dist/v8-tuning.js';

tuneV8();
const { parseBounce } = await import('../dist/index.js');
const chars = num('--chars', 30_000);
const slowMs = num('--slow-ms', 50);
const time = (text) => {
  const raw = Buffer.from(text, 'latin1');
  const t0 = process.hrtime.bigint();
  parseBounce(raw);
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
const all = places();
let cases = 0;
let slowest = { ms: -1, name: '' };
const slow = [];
const t0 = Date.now();
for (const [place, make] of all) {
  for (const filler of FILLERS) {
    cases++;
    const ms = time(make(run(filler, chars)));
    const name = `${place}, run of ${JSON.stringify(filler)}`;
    if (ms > slowest.ms) slowest = { ms, name };
    if (ms > slowMs) slow.push(`  ${ms.toFixed(0).padStart(6)} ms  ${name} (at a quarter of the length: ${time(make(run(filler, chars / 4))).toFixed(0)} ms)`);
  }
}
console.log(`hostile runs: ${cases} cases (${all.length} places x ${FILLERS.length} fillers), runs of ${chars} characters, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`slowest: ${slowest.ms.toFixed(1)} ms, ${slowest.name}`);
console.log(slow.length ? `slower than ${slowMs} ms:\n${slow.join('\n')}` : `none slower than ${slowMs} ms`);
process.exitCode = slow.length ? 1 : 0;
