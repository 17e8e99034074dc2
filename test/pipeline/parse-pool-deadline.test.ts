// A parse that never ends (a parser bug, a rule that backtracks) must not hold back every message
// after it: past the deadline its thread is replaced, the messages it held are parsed again one at
// a time, and only the one that hangs alone is answered as a failed parse (its raw is kept).
import { afterEach, describe, expect, it } from 'vitest';
import { type ParsePool, createParsePool } from '../../src/pipeline/parse-pool.js';

const WORKER = new URL('../helpers/hanging-parse-worker.mjs', import.meta.url);
const m = (s: string) => ({ raw: new TextEncoder().encode(s), format: null });
const kinds = (parsed: Array<{ report: { kind: string } | null; threw: string | null }>) => parsed.map((p) => p.report?.kind ?? p.threw);

let pool: ParsePool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('a parse that hangs', { timeout: 30_000 }, () => {
  it('is answered as failed after the deadline; the rest of its batch, and the batches behind it, are parsed', async () => {
    pool = createParsePool(1, undefined, { worker: WORKER, deadlineMs: 400 });
    const t0 = Date.now();
    const first = pool.parseAll([m('one'), m('HANG two'), m('three')]);
    // posted behind it, to the same thread: innocent, and parsed once the thread is replaced
    const behind = pool.parseAll([m('four'), m('five')]);
    expect(kinds(await first)).toEqual(['parsed one', 'the parser did not finish within 0.4 s', 'parsed three']);
    expect(kinds(await behind)).toEqual(['parsed four', 'parsed five']);
    // the batch's deadline, then the hanging message's own: not one per message
    expect(Date.now() - t0).toBeLessThan(5_000);
    // the new thread goes on working
    expect(kinds([await pool.parse(new TextEncoder().encode('six'))])).toEqual(['parsed six']);
    expect(kinds([await pool.parse(new TextEncoder().encode('HANG seven'))])).toEqual(['the parser did not finish within 0.4 s']);
    expect(kinds(await pool.parseAll([m('eight')]))).toEqual(['parsed eight']);
  });

  it('a view into a larger buffer reaches the thread as its own bytes only', async () => {
    pool = createParsePool(1, undefined, { worker: WORKER, deadlineMs: 5_000 });
    const big = new TextEncoder().encode('xxxxnine-and-a-halfyyyy');
    expect(kinds(await pool.parseAll([{ raw: big.subarray(4, 19), format: null }]))).toEqual(['parsed nine-and-a-half']);
  });
});
