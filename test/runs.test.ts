// Hostile runs (bench/runs-engine.mjs): a run of each punctuation, space and token, 30,000
// characters long, in every status field, common header field and MTA's prose. Each is read in
// linear time: a case fails only when it is both slow (over 100 ms) and about quadratic (four times
// the run, more than eight times the time), so a loaded machine does not fail it. Before the scans
// were made linear, 15 of these cases took 0.5-2.3 s and 10-20 times their quarter-length time.
import { describe, expect, it } from 'vitest';
import { FILLERS, places, run } from '../bench/runs-engine.mjs';
import { parseBounce } from '../src/index.js';

const CHARS = 30_000;

function ms(text: string): number {
  const raw = Buffer.from(text, 'latin1');
  const t0 = performance.now();
  parseBounce(raw);
  return performance.now() - t0;
}

describe('hostile runs', () => {
  it(`are read in linear time in every place (${FILLERS.length} fillers)`, () => {
    const quadratic: string[] = [];
    for (const [place, make] of places()) {
      for (const filler of FILLERS) {
        const full = ms(make(run(filler, CHARS)));
        if (full <= 100) continue;
        // the shorter run, twice (the faster of the two: a collection may fall in either)
        const quarter = Math.min(ms(make(run(filler, CHARS / 4))), ms(make(run(filler, CHARS / 4))));
        if (full > 8 * quarter) quadratic.push(`${place}, run of ${JSON.stringify(filler)}: ${full.toFixed(0)} ms, a quarter as long ${quarter.toFixed(0)} ms`);
      }
    }
    expect(quadratic).toEqual([]);
  }, 120_000);
});
