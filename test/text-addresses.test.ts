// Addresses in report prose, found token by token from each @ (src/parse/text-tools.ts).
import { describe, expect, it } from 'vitest';
import { cleanAddress, findAddresses } from '../src/parse/text-tools.js';

describe('addresses in text', () => {
  it('reads a quoted local part (RFC 5321 4.1.2), spaces and runs of dots included', () => {
    expect(findAddresses('<"john.doe"@example.org>: 550 5.1.1 user unknown')).toEqual(['"john.doe"@example.org']);
    expect(findAddresses('to "joe bloggs"@example.org and "mary..ann"@example.org failed')).toEqual(['"joe bloggs"@example.org', '"mary..ann"@example.org']);
    expect(cleanAddress('rfc822; "neko....nyaan...."@example.org')).toBe('"neko....nyaan...."@example.org');
  });

  it('not a quote that does not open the local part: glued to a word, across a line, longer than 64', () => {
    expect(findAddresses('x"a"@example.org')).toEqual([]);
    expect(findAddresses('"a\nb"@example.org')).toEqual([]);
    expect(findAddresses(`"${'a'.repeat(65)}"@example.org`)).toEqual([]);
    expect(findAddresses('said "no"@ noon, then <b@example.org>')).toEqual(['b@example.org']);
  });

  it('stays linear on a long run of quotes and @', () => {
    const t0 = performance.now();
    findAddresses('"@'.repeat(200_000));
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
