// Addresses in report prose, found token by token from each @ (src/parse/text-tools.ts).
import { describe, expect, it } from 'vitest';
import { angleAddress, cleanAddress, findAddresses } from '../src/parse/text-tools.js';

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

  it('finds the first <...> holding an address as a search from each "<" does, on 20,000 random texts', () => {
    // the definition: from each "<", the first ">" after it; taken when no other "<" comes first and
    // what is between holds an @ and no white space
    const byDefinition = (t: string): string | null => {
      for (let i = t.indexOf('<'); i >= 0; i = t.indexOf('<', i + 1)) {
        const close = t.indexOf('>', i + 1);
        if (close < 0) return null;
        const next = t.indexOf('<', i + 1);
        if (next >= 0 && next < close) continue;
        const inner = t.slice(i + 1, close).trim();
        if (inner.includes('@') && !/\s/.test(inner)) return inner;
      }
      return null;
    };
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const alphabet = ['<', '<', '>', '>', 'a', '@', ' ', 'b.c'];
    for (let n = 0; n < 20_000; n++) {
      let t = '';
      const length = Math.floor(next() * 24);
      for (let i = 0; i < length; i++) t += alphabet[Math.floor(next() * alphabet.length)];
      expect(angleAddress(t), JSON.stringify(t)).toBe(byDefinition(t));
    }
  });
});
