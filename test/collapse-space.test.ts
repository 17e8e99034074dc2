// collapseSpace skips the replacement when there is nothing to collapse: it must give exactly
// what s.replace(/\s+/g, ' ') gives, for every kind of white space (a fixed seed).
import { describe, expect, it } from 'vitest';
import { collapseSpace } from '../src/collapse-space.js';

const PIECES = ['a', 'Z', '5', '.', ' ', '  ', '\t', '\n', '\r\n', '\f', '\v', '\u00a0', '\u2003', '\u3000', '\u2028', '\ufeff', 'é', '日'];

describe('collapseSpace', () => {
  it('is s.replace(/\\s+/g, " ") on hand-picked texts', () => {
    for (const s of ['', ' ', 'a b', 'a  b', ' a ', 'a\tb', 'a\u00a0b', '550 5.1.1 <x@y> user unknown', 'x\n']) {
      expect(collapseSpace(s)).toBe(s.replace(/\s+/g, ' '));
    }
  });

  it('is s.replace(/\\s+/g, " ") on random texts (seeded)', () => {
    let seed = 12345;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 5000; i++) {
      let s = '';
      const n = Math.floor(next() * 12);
      for (let j = 0; j < n; j++) s += PIECES[Math.floor(next() * PIECES.length)];
      expect(collapseSpace(s)).toBe(s.replace(/\s+/g, ' '));
    }
  });

  it('returns the string itself when there is nothing to collapse', () => {
    const s = 'mailbox unavailable: user unknown';
    expect(collapseSpace(s)).toBe(s);
  });
});
