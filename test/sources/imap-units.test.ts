import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/sources/imap/backoff.js';
import { describeError } from '../../src/sources/imap/errors.js';
import { chunks, uidSet } from '../../src/sources/imap/uid-set.js';

describe('uidSet', () => {
  it('writes runs as ranges, sorted, without repeats', () => {
    expect(uidSet([7, 1, 2, 3, 4, 9, 10, 11, 12, 3])).toBe('1:4,7,9:12');
    expect(uidSet([5])).toBe('5');
    expect(uidSet([])).toBe('');
  });
  it('chunks', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially up to the cap, with full jitter below the bound', () => {
    const top = () => 0.999999;
    expect([0, 1, 2, 3, 6, 7, 20, 1000].map((a) => backoffDelay(a, { baseMs: 1000, maxMs: 60_000 }, top))).toEqual([
      999, 1999, 3999, 7999, 59_999, 59_999, 59_999, 59_999,
    ]);
    expect(backoffDelay(5, {}, () => 0)).toBe(0);
    expect(backoffDelay(1, {}, () => 0.5)).toBe(1000); // defaults: 1 s base
  });
  it('is random between 0 and the bound', () => {
    const seen = new Set(Array.from({ length: 50 }, () => backoffDelay(3, { baseMs: 100, maxMs: 10_000 })));
    expect(seen.size).toBeGreaterThan(10);
    for (const v of seen) expect(v >= 0 && v < 800).toBe(true);
  });
});

describe('describeError', () => {
  it("adds the server's words and response code to imapflow's message", () => {
    const e = Object.assign(new Error('Command failed'), { responseText: 'Authentication failed.', serverResponseCode: 'AUTHENTICATIONFAILED' });
    expect(describeError(e)).toBe('Command failed: Authentication failed. [AUTHENTICATIONFAILED]');
    const n = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(describeError(n)).toBe('connect ECONNREFUSED 127.0.0.1:1');
  });
});
