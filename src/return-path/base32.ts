// RFC 4648 base32, lower case, no padding: the signed return path's token. Base32 rather than
// base64 because a few MTAs change the case of local parts; decoding ignores case.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(acc >>> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(acc << (5 - bits)) & 31];
  return out;
}

/** null when the text holds a character outside the alphabet or its unused bits are not zero */
export function base32Decode(text: string): Uint8Array | null {
  const out: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const c of text.toLowerCase()) {
    const v = VALUE.get(c);
    if (v === undefined) return null;
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >>> bits) & 255);
    }
    acc &= (1 << bits) - 1;
  }
  // one encoding per byte string: leftover bits must be zero padding
  if (acc !== 0) return null;
  return Uint8Array.from(out);
}
