// The platform's ISO-2022-JP decoder is used only where it gives the text libmime's (encoding-
// japanese) gives: compared here over the whole JIS X 0208 code space, every ASCII byte, and many
// random texts mixing the two with what must be left to libmime.
import { describe, expect, it } from 'vitest';
import { decode as libmimeDecode } from 'libmime/lib/charset.js';
import { decodeIso2022jp } from '../src/parse/iso-2022-jp.js';
import libmime from 'libmime';
import { BYTES, decodeHeaderValue, decodeText } from '../src/parse/charset.js';

const ESC_JIS = [0x1b, 0x24, 0x42];
const ESC_ASCII = [0x1b, 0x28, 0x42];
const reference = (bytes: number[]) => libmimeDecode(Buffer.from(bytes), 'ISO-2022-JP');

/** the decoder here agrees with libmime's wherever it answers */
function agrees(bytes: number[]): boolean {
  const got = decodeIso2022jp(Uint8Array.from(bytes));
  return got === null || got === reference(bytes);
}

describe('decodeIso2022jp', () => {
  it('decodes every JIS X 0208 character as libmime does, or leaves it to libmime', () => {
    let decoded = 0;
    for (let a = 0x21; a <= 0x7e; a++) {
      for (let b = 0x21; b <= 0x7e; b++) {
        const bytes = [...ESC_JIS, a, b, ...ESC_ASCII];
        expect(agrees(bytes), `${a.toString(16)}${b.toString(16)}`).toBe(true);
        if (decodeIso2022jp(Uint8Array.from(bytes)) !== null) decoded++;
      }
    }
    // the assigned characters, but the ten the two read differently
    expect(decoded).toBeGreaterThan(7000);
  });

  it('decodes every ASCII byte as libmime does, or leaves it to libmime', () => {
    for (let c = 0; c < 0x100; c++) expect(agrees([0x41, c, 0x42]), c.toString(16)).toBe(true);
  });

  it('leaves to libmime what the two read differently', () => {
    const cases = [
      [0x1b, 0x28, 0x4a, 0x5c, 0x7e, ...ESC_ASCII], // JIS-Roman: ¥ and ‾ for ICU
      [...ESC_JIS, 0x30, 0x21, 0x0a, 0x30, 0x21, ...ESC_ASCII], // a line break inside a two-byte run
      [...ESC_JIS, 0x2d, 0x70, ...ESC_ASCII], // ≒ for ICU, ? for encoding-japanese
      [...ESC_JIS, ...ESC_ASCII, 0x41], // an empty run
      [...ESC_JIS, 0x30], // half a character
    ];
    for (const bytes of cases) {
      expect(decodeIso2022jp(Uint8Array.from(bytes))).toBeNull();
      expect(agrees(bytes)).toBe(true);
    }
  });

  it('agrees with libmime on random texts of ASCII and JIS runs, line breaks and stray bytes', () => {
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    let decoded = 0;
    for (let k = 0; k < 20000; k++) {
      const bytes: number[] = [];
      const runs = 1 + rnd(5);
      for (let r = 0; r < runs; r++) {
        const kind = rnd(10);
        if (kind < 4) {
          bytes.push(...ESC_JIS);
          for (let n = rnd(6); n > 0; n--) bytes.push(0x21 + rnd(94), 0x21 + rnd(94));
          if (rnd(8) === 0) bytes.push([0x0a, 0x20, 0x1b, 0x80, 0x30][rnd(5)]!);
        } else if (kind < 8) {
          bytes.push(...ESC_ASCII);
          for (let n = rnd(8); n > 0; n--) bytes.push(rnd(8) === 0 ? rnd(256) : 0x20 + rnd(95));
        } else if (kind < 9) {
          bytes.push(0x1b, [0x24, 0x28][rnd(2)]!, [0x40, 0x42, 0x4a, 0x49, 0x44][rnd(5)]!);
        } else {
          bytes.push([0x0a, 0x0d, 0x09, 0x00][rnd(4)]!);
        }
      }
      if (decodeIso2022jp(Uint8Array.from(bytes)) !== null) decoded++;
      expect(agrees(bytes), JSON.stringify(bytes)).toBe(true);
    }
    expect(decoded).toBeGreaterThan(5000);
  });

  it('reads text without an escape sequence (8-bit bytes under the label) as encoding-japanese does', () => {
    let seed = 4242;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let k = 0; k < 20000; k++) {
      const bytes: number[] = [];
      for (let n = rnd(24); n > 0; n--) bytes.push(rnd(4) === 0 ? [0x41, 0x0a, 0x0e, 0x7f][rnd(4)]! : 0x80 + rnd(128));
      expect(decodeIso2022jp(Uint8Array.from(bytes)), JSON.stringify(bytes)).toBe(reference(bytes));
    }
    // every pair of bytes but ESC, a lead byte at the very end among them
    for (let a = 0; a < 256; a++) for (let b = 0; b < 256; b++) if (a !== 0x1b && b !== 0x1b) expect(agrees([a, b])).toBe(true);
  });

  it("reads an encoded word's bytes through libmime as one character per byte", () => {
    const all = Buffer.from([...Array(256).keys()]);
    const q = [...all].map((b) => '=' + b.toString(16).padStart(2, '0')).join('');
    expect(Buffer.from(libmime.decodeWord(BYTES, 'B', all.toString('base64')), 'latin1')).toEqual(all);
    expect(Buffer.from(libmime.decodeWord(BYTES, 'Q', q), 'latin1')).toEqual(all);
  });

  it('is what decodeText and decodeHeaderValue give for ISO-2022-JP', () => {
    const jis = '\x1b$B%F%9%H$G$9\x1b(B test';
    expect(decodeText(jis, 'iso-2022-jp')).toBe('テストです test');
    expect(decodeHeaderValue(`=?ISO-2022-JP?B?${Buffer.from(jis, 'latin1').toString('base64')}?= <a@example.org>`)).toBe('テストです test <a@example.org>');
    expect(decodeHeaderValue(`=?iso-2022-jp*ja?Q?${'=1B$B%F%9%H$G$9=1B(B'}?=`)).toBe('テストです');
  });
});
