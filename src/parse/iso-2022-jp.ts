// ISO-2022-JP text (Japanese mail's usual charset) decoded by the platform's decoder (ICU, through
// TextDecoder) where it gives the very text libmime gives. libmime decodes it with
// encoding-japanese, whose tables are built on first use (~15 ms at the first Japanese message of
// a process), and asks iconv-lite for a codec of that name first, which throws (~3 µs) before each
// decode: ~12 µs a word against under 1 µs.
//
// The two decoders agree on ASCII and on every JIS X 0208 character but a few (compared over the
// whole code space, test/iso-2022-jp.test.ts); they differ on what else the charset may hold: the
// other escape sequences (JIS-Roman reads 0x5C as ¥), a line break inside a two-byte run,
// characters ICU has and encoding-japanese reads as "?", an empty run between two escapes,
// unassigned codes. Only text made of ASCII runs and JIS X 0208 runs that avoid all of those is
// decoded here by ICU; for any other, null, and the caller decodes it as before. Text without an
// escape sequence is read as encoding-japanese reads it (withoutEscapes).

const ESC = 0x1b;

/** JIS X 0208 codes (first byte << 8 | second) that encoding-japanese reads as "?" and ICU as
 * a character: the NEC row 13 symbols that duplicate row 2, and one IBM extension. */
const DIFFERENT = new Set([0x2d70, 0x2d71, 0x2d72, 0x2d75, 0x2d76, 0x2d77, 0x2d7a, 0x2d7b, 0x2d7c, 0x7c7b]);

let decoder: InstanceType<typeof TextDecoder> | null = null;

/** The text libmime's decode(bytes, 'ISO-2022-JP') gives, or null when this cannot tell. */
export function decodeIso2022jp(bytes: Uint8Array): string | null {
  if (!bytes.includes(ESC)) return withoutEscapes(bytes);
  if (!plainRuns(bytes)) return null;
  try {
    return (decoder ??= new TextDecoder('iso-2022-jp', { fatal: true })).decode(bytes);
  } catch {
    return null;
  }
}

/** Only ASCII runs and JIS X 0208 runs (ESC ( B, ESC $ B), each two-byte run whole pairs of
 * 0x21-0x7E, none of them in DIFFERENT. */
function plainRuns(b: Uint8Array): boolean {
  let twoByte = false;
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c === ESC) {
      const c1 = b[i + 1];
      const c2 = b[i + 2];
      if (c1 === 0x28 && c2 === 0x42) twoByte = false; // ESC ( B
      else if (c1 === 0x24 && c2 === 0x42) twoByte = true; // ESC $ B
      else return false;
      i += 3;
    } else if (twoByte) {
      const c1 = b[i + 1];
      if (c < 0x21 || c > 0x7e || c1 === undefined || c1 < 0x21 || c1 > 0x7e || DIFFERENT.has((c << 8) | c1)) return false;
      i += 2;
    } else {
      if (c >= 0x80 || c === 0x0e || c === 0x0f) return false;
      i++;
    }
  }
  return true;
}

/**
 * What encoding-japanese makes of "ISO-2022-JP" bytes without an escape sequence, mislabelled
 * text mostly (8-bit bytes under a 7-bit label): it copies them (ASCII mode) and reads the copy as
 * UTF-8 its own lenient way, which is written out here so that such a text does not build its JIS
 * tables (~15 ms): a lead byte takes the next one, two or three bytes whatever they are (0 past
 * the end), a stray continuation byte is dropped, a code past U+FFFF is split into surrogate
 * halves, and every unit is kept to 16 bits (its Uint16Array).
 */
function withoutEscapes(b: Uint8Array): string {
  const units = new Uint16Array(b.length * 2);
  let n = 0;
  for (let i = 0; i < b.length; ) {
    const c = b[i++]!;
    const nibble = c >> 4;
    let code: number;
    if (nibble <= 7) code = c;
    else if (nibble === 12 || nibble === 13) code = ((c & 0x1f) << 6) | (byteAt(b, i++) & 0x3f);
    else if (nibble === 14) code = ((c & 0x0f) << 12) | ((byteAt(b, i++) & 0x3f) << 6) | (byteAt(b, i++) & 0x3f);
    else if (nibble === 15) code = ((c & 0x07) << 18) | ((byteAt(b, i++) & 0x3f) << 12) | ((byteAt(b, i++) & 0x3f) << 6) | (byteAt(b, i++) & 0x3f);
    else continue;
    if (code <= 0xffff) units[n++] = code;
    else {
      code -= 0x10000;
      units[n++] = (code >> 10) + 0xd800;
      units[n++] = (code % 0x400) + 0xdc00;
    }
  }
  let out = '';
  for (let i = 0; i < n; i += 4096) out += String.fromCharCode(...units.subarray(i, Math.min(n, i + 4096)));
  return out;
}

/** the byte at i, 0 past the end (as `undefined & 0x3f` is) */
const byteAt = (b: Uint8Array, i: number): number => (i < b.length ? b[i]! : 0);
