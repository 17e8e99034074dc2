// Damaged input must never make parseBounce throw. 1,000 deterministic cases from the shared
// mutation engine (bench/fuzz-engine.mjs); `npm run fuzz -- --seed 24301 --case I` replays case I
// against the build. Each case is checked for a well-formed report; the slowest case and the peak
// heap are printed at the end (a hang or a blow-up shows there first).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBounce } from '../src/index.js';
import { MUTATIONS, REPORT_KINDS, loadSeeds, makeCase } from '../bench/fuzz-engine.mjs';

const SEED = 24301;
const CASES = 1000;
const MB = 1024 * 1024;
// The long-token mutation's runs are as long as in `npm run fuzz` (up to 256 KiB): the address scan
// once took minutes on 1.6 KB of '.@' and the suite kept them at 256 bytes; it reads them token by
// token now (the regression test at the end).
const fixtures = fileURLToPath(new URL('../fixtures/dsn', import.meta.url));

interface Failure {
  index: number;
  mutation: string;
  source: string;
  error: string;
}

describe('parseBounce under fuzzing', () => {
  it(`survives ${CASES} mutated messages (seed ${SEED})`, async () => {
    const seeds = loadSeeds(fixtures);
    const failures: Failure[] = [];
    const seen = new Set<string>();
    let hugeCases = 0;
    let slowest = { ms: -1, index: -1, mutation: '', detail: '', source: '', size: 0 };
    let peakHeap = { bytes: 0, index: -1, mutation: '' };
    const started = performance.now();

    for (let i = 0; i < CASES; i++) {
      // let the runner's timeout fire between cases
      if (i % 20 === 0) await new Promise((r) => setImmediate(r));
      const c = makeCase(SEED, i, seeds);
      seen.add(c.mutation);
      if (c.size >= 20 * MB) hugeCases++;
      const fail = (error: string) => failures.push({ index: i, mutation: c.mutation + (c.detail ? ` ${c.detail}` : ''), source: c.source, error });

      const t0 = performance.now();
      let report: ReturnType<typeof parseBounce>;
      try {
        report = parseBounce(c.input);
      } catch (err) {
        fail(`threw: ${(err as Error)?.stack ?? String(err)}`);
        continue;
      }
      const ms = performance.now() - t0;
      const heap = process.memoryUsage().heapUsed;

      if (ms > slowest.ms) slowest = { ms, index: i, mutation: c.mutation, detail: c.detail, source: c.source, size: c.size };
      if (heap > peakHeap.bytes) peakHeap = { bytes: heap, index: i, mutation: c.mutation };

      if (!report || typeof report !== 'object') fail('no report');
      else if (!REPORT_KINDS.includes(report.kind)) fail(`invalid kind ${JSON.stringify(report.kind)}`);
      else if (!Array.isArray(report.problems) || !report.problems.every((p) => typeof p === 'string')) fail('problems is not an array of strings');
      else if (!Array.isArray(report.recipients)) fail('recipients is not an array');
    }

    const total = (performance.now() - started) / 1000;
    const maxRss = process.resourceUsage().maxRSS / 1024;
    console.log(
      [
        `fuzz: ${CASES} cases, seed ${SEED}, ${seeds.length} seed messages, ${total.toFixed(1)} s, ${failures.length} failures, ${hugeCases} cases of 20 MB or more`,
        `  slowest: case ${slowest.index} (${slowest.mutation}${slowest.detail ? ` ${slowest.detail}` : ''} on ${slowest.source}, ${(slowest.size / MB).toFixed(2)} MB) ${slowest.ms.toFixed(1)} ms`,
        `  peak heap after a case: ${(peakHeap.bytes / MB).toFixed(1)} MB (case ${peakHeap.index}, ${peakHeap.mutation}); peak RSS of the worker: ${maxRss.toFixed(0)} MB`,
      ].join('\n'),
    );

    expect(failures).toEqual([]);
    // every mutation ran, the 20 MB bodies included
    expect([...seen].sort()).toEqual(MUTATIONS.map((m) => m.name).sort());
    expect(hugeCases).toBeGreaterThan(0);
  }, 120_000);

  // Regression: the line markers (`^\s*marker` under m) retried a run of blank lines from each of its
  // lines: 30,000 empty lines before "original message follows" took 2.2 s, 40,000 about 4 s (the
  // fuzz's blank-run mutation finds it); runs are now cut to 32 lines before the decoders read the text.
  it('reads long runs of blank lines before a marker in bounded time', () => {
    for (const line of ['', ' ', '\r']) {
      const t0 = performance.now();
      const r = parseBounce(
        `From: MAILER-DAEMON@example.com\nSubject: Undelivered Mail Returned to Sender\n\nThis is the mail system.\n<a@example.com>: host said: 550 5.1.1 user unknown\n${`${line}\n`.repeat(40_000)}original message follows\n`,
      );
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(r.recipients.map((x) => [x.address, x.status])).toEqual([['a@example.com', '5.1.1']]);
    }
  });

  // Regression: the address scan once used one regular expression that backtracked super-linearly
  // on long runs without separators (1.6 KB of '.@' took minutes); it is now token by token.
  it('reads long runs of non-space characters in bounded time', () => {
    for (const run of ['.@'.repeat(800), 'A'.repeat(256 * 1024)]) {
      const t0 = performance.now();
      parseBounce(`From: MAILER-DAEMON@example.com\nSubject: Undelivered Mail Returned to Sender\n\n<a@example.com>: 550 5.1.1 user unknown\n${run}\n`);
      expect(performance.now() - t0).toBeLessThan(2000);
    }
    const t0 = performance.now();
    parseBounce(`From: ${'.@'.repeat(400)}\nAuto-Submitted: auto-replied\nSubject: Out of office\n\nback soon\n`);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
