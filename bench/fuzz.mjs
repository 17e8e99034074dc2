#!/usr/bin/env node
// Fuzz the built parser (../dist/index.js; run `npm run build` first) with the deterministic
// mutation engine of fuzz-engine.mjs, the same one test/fuzz.test.ts uses.
//
//   npm run fuzz -- [--cases N] [--seed S] [--start I] [--case I] [--dump DIR] [--fixtures DIR]
//                   [--huge-bytes B] [--long-token-bytes B] [--slow-ms MS] [--timeout-ms MS]
//
// --cases N        number of cases (default 1000)           --seed S   run seed (default: random, printed)
// --start I        first case index (default 0)             --case I   replay case I alone, print its report
// --dump DIR       write the input of every failing or hung case to DIR/fuzz-<seed>-<index>.eml
// --fixtures DIR   extra seed messages (default ../fixtures/dsn: every .eml file in it)
// --huge-bytes B   size of the "20 MB body" mutations (default 20 MiB)
// --long-token-bytes B  longest run of non-space characters made by long-token (default 256 KiB)
// --slow-ms MS     say so when a case is still running after MS (default 10000)
// --timeout-ms MS  a case running longer is a hang: its thread is terminated, the run goes on
//                  (default 60000; 0 = wait forever)
//
// parseBounce runs in a worker thread (the main thread makes the cases, keeps time and prints), so
// a hang is cut off and recorded instead of stopping the run. A case is a pure function of (seed,
// index, seed messages): `--seed S --case I` replays it. Exit status: 0 when every case gave a
// well-formed report in time; 1 on any exception, malformed report or hang; 2 on bad usage or a
// missing build.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';

if (!isMainThread) {
  // ---- worker: parse what the main thread sends, report how it went --------------------------
  const { parseBounce } = await import('../dist/index.js');
  const { REPORT_KINDS } = await import('./fuzz-engine.mjs');
  parentPort.on('message', ({ input, wantReport }) => {
    let report = null;
    let error = null;
    const t0 = performance.now();
    try {
      report = parseBounce(input);
    } catch (err) {
      error = String(err?.stack ?? err);
    }
    const ms = performance.now() - t0;
    let bad = null;
    if (!error) {
      if (!report || typeof report !== 'object') bad = 'no report';
      else if (!REPORT_KINDS.includes(report.kind)) bad = `invalid kind ${JSON.stringify(report.kind)}`;
      else if (!Array.isArray(report.problems) || !report.problems.every((p) => typeof p === 'string')) bad = 'problems is not an array of strings';
      else if (!Array.isArray(report.recipients)) bad = 'recipients is not an array';
    }
    const heap = process.memoryUsage().heapUsed;
    parentPort.postMessage({ ms, error, bad, heap, report: wantReport ? report : null });
  });
  parentPort.postMessage({ ready: true });
} else {
  await main();
}

async function main() {
  const { loadSeeds, makeCase } = await import('./fuzz-engine.mjs');
  const here = dirname(fileURLToPath(import.meta.url));
  const { args, opt } = await import('./args.mjs');
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
  const timeoutMs = int('--timeout-ms', 60_000);

  try {
    await import('../dist/index.js');
  } catch (err) {
    console.error(`cannot load ../dist/index.js (run \`npm run build\` first): ${err.message}`);
    process.exit(2);
  }

  const seeds = loadSeeds(fixtures);
  const builtin = seeds.filter((s) => !s.name.startsWith('fixture:')).length;
  const fmtSize = (n) => (n >= MB ? `${(n / MB).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} B`);
  const describe = (c) => `case ${c.index} (${c.mutation}${c.detail ? ` ${c.detail}` : ''} on ${c.source}, ${fmtSize(c.size)})`;
  const extra = [
    opt('--fixtures') !== undefined ? ` --fixtures ${fixtures}` : '',
    hugeBytes !== 20 * MB ? ` --huge-bytes ${hugeBytes}` : '',
    longTokenBytes !== 256 * 1024 ? ` --long-token-bytes ${longTokenBytes}` : '',
  ].join('');
  const replayCmd = (index) => `npm run fuzz -- --seed ${seed} --case ${index}${extra}`;

  // ---- the parsing thread ---------------------------------------------------------------------
  let worker = null;
  async function startWorker() {
    worker = new Worker(fileURLToPath(import.meta.url));
    await new Promise((ok, fail) => {
      const onMessage = (m) => m.ready && (worker.off('error', fail), worker.off('message', onMessage), ok());
      worker.on('message', onMessage);
      worker.once('error', fail);
    });
  }
  /** parse in the worker: the result, or { hung: true } after timeoutMs (the worker is replaced) */
  function runCase(c, wantReport) {
    return new Promise((ok) => {
      let input = c.input;
      const transfer = [];
      if (typeof input !== 'string') {
        input = new Uint8Array(input); // own copy: Buffers may share a pool
        transfer.push(input.buffer);
      }
      const t0 = performance.now();
      let slowTimer = null;
      let hangTimer = null;
      const done = (r) => {
        clearTimeout(slowTimer);
        clearTimeout(hangTimer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        ok(r);
      };
      const onMessage = (m) => done(m);
      const onError = (err) => done({ ms: performance.now() - t0, error: `worker died: ${err?.stack ?? err}`, bad: null, heap: 0 });
      worker.on('message', onMessage);
      worker.on('error', onError);
      if (slowMs > 0) slowTimer = setTimeout(() => console.log(`  ... ${describe(c)} still running after ${(slowMs / 1000).toFixed(0)} s`), slowMs);
      if (timeoutMs > 0) {
        hangTimer = setTimeout(async () => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          clearTimeout(slowTimer);
          await worker.terminate();
          await startWorker();
          ok({ hung: true, ms: performance.now() - t0 });
        }, timeoutMs);
      }
      worker.postMessage({ input, wantReport }, transfer);
    });
  }

  await startWorker();
  console.log(
    `fuzz: seed ${seed}, cases ${start}..${start + cases - 1}, ${seeds.length} seed messages (${seeds.length - builtin} from ${fixtures}), ` +
      `20 MB bodies at ${fmtSize(hugeBytes)}, long tokens up to ${fmtSize(longTokenBytes)}, hang after ${timeoutMs ? `${timeoutMs / 1000} s` : 'never'}`,
  );

  const exceptions = [];
  const malformed = [];
  const hangs = [];
  const slowest = []; // top 5 by parse time
  const byMutation = new Map();
  let parseMs = 0;
  let genMs = 0;
  let peakHeap = { bytes: 0, index: -1 };
  const t0 = performance.now();
  let lastProgress = t0;
  const progressEvery = Math.max(1, Math.ceil(cases / 20));

  for (let k = 0; k < cases; k++) {
    const index = start + k;
    const g0 = performance.now();
    const c = makeCase(seed, index, seeds, { hugeBytes, longTokenBytes });
    genMs += performance.now() - g0;

    const r = await runCase(c, replay !== null);
    parseMs += r.ms;
    const m = byMutation.get(c.mutation) ?? { cases: 0, ms: 0, max: 0 };
    m.cases++;
    m.ms += r.ms;
    m.max = Math.max(m.max, r.ms);
    byMutation.set(c.mutation, m);
    const meta = { ...c, input: null };
    slowest.push({ ms: r.ms, c: meta, hung: !!r.hung });
    slowest.sort((a, b) => b.ms - a.ms);
    if (slowest.length > 5) slowest.pop();
    if (r.heap > peakHeap.bytes) peakHeap = { bytes: r.heap, index };

    if (r.hung) {
      hangs.push({ c: meta, ms: r.ms });
      console.log(`HANG ${describe(c)}: no result after ${(r.ms / 1000).toFixed(1)} s; thread terminated\n  replay: ${replayCmd(index)}`);
    } else if (r.error) {
      exceptions.push({ c: meta, error: r.error });
      console.log(`EXCEPTION ${describe(c)}: ${r.error.split('\n').slice(0, 4).join('\n    ')}\n  replay: ${replayCmd(index)}`);
    } else if (r.bad) {
      malformed.push({ c: meta, bad: r.bad });
      console.log(`MALFORMED ${describe(c)}: ${r.bad}\n  replay: ${replayCmd(index)}`);
    }
    if ((r.hung || r.error || r.bad) && dumpDir) {
      mkdirSync(dumpDir, { recursive: true });
      writeFileSync(join(dumpDir, `fuzz-${seed}-${index}.eml`), c.input);
    }
    if (replay !== null) {
      console.log(`${describe(c)}: ${r.hung ? 'HUNG after ' : ''}${r.ms.toFixed(1)} ms`);
      if (r.report) {
        const o = r.report.original;
        console.log(JSON.stringify({ ...r.report, original: o && { ...o, headers: `[${o.headers.length} headers]` } }, null, 2));
      }
    }

    const now = performance.now();
    if (replay === null && ((k + 1) % progressEvery === 0 || now - lastProgress > 10_000 || k + 1 === cases)) {
      lastProgress = now;
      console.log(
        `[${String(k + 1).padStart(String(cases).length)}/${cases}] ${((now - t0) / 1000).toFixed(1)} s, ` +
          `${exceptions.length} exceptions, ${malformed.length} malformed, ${hangs.length} hangs, ` +
          `slowest ${slowest[0].ms.toFixed(0)} ms, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
      );
    }
  }
  await worker.terminate();

  // ---- summary --------------------------------------------------------------------------------
  const total = (performance.now() - t0) / 1000;
  console.log('');
  console.log(`cases:       ${cases} (seed ${seed}, from index ${start})`);
  console.log(`time:        ${total.toFixed(1)} s (parsing ${(parseMs / 1000).toFixed(1)} s, making cases ${(genMs / 1000).toFixed(1)} s)`);
  console.log(`exceptions:  ${exceptions.length}`);
  for (const { c, error } of exceptions) console.log(`  ${describe(c)}: ${error.split('\n')[0].slice(0, 200)}  [replay: ${replayCmd(c.index)}]`);
  console.log(`malformed:   ${malformed.length}`);
  for (const { c, bad } of malformed) console.log(`  ${describe(c)}: ${bad}  [replay: ${replayCmd(c.index)}]`);
  console.log(`hangs:       ${hangs.length}${timeoutMs ? ` (over ${timeoutMs / 1000} s)` : ''}`);
  for (const { c } of hangs) console.log(`  ${describe(c)}  [replay: ${replayCmd(c.index)}]`);
  const top = slowest[0];
  if (top) console.log(`slowest:     ${top.hung ? 'HUNG, ' : ''}${top.ms.toFixed(1)} ms, ${describe(top.c)}  [replay: ${replayCmd(top.c.index)}]`);
  for (const s of slowest.slice(1)) console.log(`             ${s.hung ? 'HUNG, ' : ''}${s.ms.toFixed(1)} ms, ${describe(s.c)}`);
  console.log(`peak heap:   ${(peakHeap.bytes / MB).toFixed(1)} MB after case ${peakHeap.index} (parsing thread)`);
  console.log(`peak RSS:    ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (whole process, both threads and the cases)`);
  if (replay === null) {
    console.log('per mutation (cases, mean ms, max ms):');
    for (const [name, m] of [...byMutation].sort((a, b) => b[1].max - a[1].max)) {
      console.log(`  ${name.padEnd(26)} ${String(m.cases).padStart(6)} ${(m.ms / m.cases).toFixed(2).padStart(9)} ${m.max.toFixed(1).padStart(9)}`);
    }
  }
  if (exceptions.length || malformed.length || hangs.length) process.exitCode = 1;
}
