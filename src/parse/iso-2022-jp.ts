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
// decoded here; for any other, null, and the caller decodes it as before.

const ESC = 0x1b;

/** JIS X 0208 codes (first byte << 8 | second) that encoding-japanese reads as "?" and ICU as
 * a character: the NEC row 13 symbols that duplicate row 2, and one IBM extension. */
const DIFFERENT = new Set([0x2d70, 0x2d71, 0x2d72, 0x2d75, 0x2d76, 0x2d77, 0x2d7a, 0x2d7b, 0x2d7c, 0x7c7b]);

let decoder: InstanceType<typeof TextDecoder> | null = null;

/** The text libmime's decode(bytes, 'ISO-2022-JP') gives, or null when this cannot tell. */
export function decodeIso2022jp(bytes: Uint8Array): string | null {
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
