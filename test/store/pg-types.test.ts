// Times read from PostgreSQL become the ISO strings SQLite rows hold: the text rewrite of the
// common case (UTC) gives what the Date-based reading of any time gives.
import { describe, expect, it } from 'vitest';
import { isoOfAnyTimestamp, isoOfTimestamp } from '../../src/store/pg/types.js';

describe('isoOfTimestamp', () => {
  it('rewrites a UTC time as Date would print it, whatever its fraction of a second', () => {
    const texts = ['2024-05-06 10:00:00+00', '2024-05-06 10:00:00.1+00', '2024-05-06 10:00:00.12+00', '2024-05-06 10:00:00.123+00', '2024-05-06 10:00:00.1239+00', '2024-12-31 23:59:59.999999+00', '0001-01-01 00:00:00+00'];
    for (const t of texts) expect([t, isoOfTimestamp(t)]).toEqual([t, isoOfAnyTimestamp(t)]);
    expect(isoOfTimestamp('2024-05-06 10:00:00.12+00')).toBe('2024-05-06T10:00:00.120Z');
  });

  it('reads other offsets, and a time without one, through Date', () => {
    expect(isoOfTimestamp('2024-05-06 12:00:00.5+02')).toBe('2024-05-06T10:00:00.500Z');
    expect(isoOfTimestamp('2024-05-06 05:30:00-04:30')).toBe('2024-05-06T10:00:00.000Z');
    expect(isoOfTimestamp('2024-05-06 10:00:00')).toBe('2024-05-06T10:00:00.000Z');
    expect(isoOfTimestamp('infinity')).toBe('infinity');
  });
});
