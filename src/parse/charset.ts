// Bytes (as one-char-per-byte strings) to text. Real bounces carry wrong, misspelled or missing
// charset labels: a label that cannot be honoured falls back to UTF-8 when the bytes are valid
// UTF-8, else to windows-1252, and the problem is noted; nothing here throws, and what comes out
// is well-formed Unicode.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import libmime from 'libmime';
import { decode as charsetDecode, normalizeCharset } from 'libmime/lib/charset.js';
import { wellFormed } from '../well-formed.js';
import type { Problems } from './mime.js';
import { decodeIso2022jp } from './iso-2022-jp.js';

const PLAIN = /^[\x00-\x7f]*$/;
const JAPANESE = /^(?:jis|iso-?2022-?jp|eucjp|euc-jp|shift[-_]?jis|sjis|cp932|windows-31j)/i;
/** charsets whose bytes are all 7-bit: an 8-bit byte means the label is wrong */
const SEVEN_BIT = /^(?:jis|iso-?2022-)/i;

/**
 * What a Japanese part mislabelled by its sender really is, tried strictly (the label's own
 * charset first when it is one of them), in this order. UTF-8
 * first: its byte rules are strict enough that Japanese text in the other two never passes as
 * UTF-8; EUC-JP before Shift_JIS, since EUC-JP's byte pairs are also valid Shift_JIS (half-width
 * katakana) while the reverse is rare.
 */
const JAPANESE_CANDIDATES = ['utf-8', 'euc-jp', 'shift_jis'] as const;

export function decodeText(bytes: string, charset: string | null, problems?: Problems): string {
  // ISO-2022-JP is 7-bit: ESC is the only sign of it
  if (PLAIN.test(bytes) && !(bytes.includes('\x1b') && (!charset || JAPANESE.test(charset)))) return bytes;
  const buf = Buffer.from(bytes, 'latin1');
  let name = charset ? charset.trim().replace(/^["']|["']$/g, '') : '';
  if (!name && bytes.includes('\x1b$B')) name = 'iso-2022-jp';
  if (name) {
    const norm = normalizeCharset(name);
    if (/^utf-?8$/i.test(norm)) return buf.toString('utf8');
    const japanese = JAPANESE.test(norm) || JAPANESE.test(name);
    if (japanese || iconv.encodingExists(norm)) {
      // 8-bit bytes under a 7-bit Japanese label: the label failed whatever its decoding gives,
      // which is then only wanted when no other charset fits (it is the slow one: encoding-japanese)
      const broken = japanese && sevenBitBroken(bytes, norm);
      const labelled = (): string | null => {
        try {
          return libmimeDecode(buf, norm);
        } catch {
          return null;
        }
      };
      let text = broken ? null : labelled();
      if (text !== null && !(japanese && labelFailed(text, bytes, norm))) return wellFormed(text);
      // the label's own charset first (libmime's table may only lack a vendor extension), then the others
      const own = encodingName(norm) ?? encodingName(name);
      const recovered = japanese ? decodeStrictly(buf, [...JAPANESE_CANDIDATES].sort((a, b) => Number(b === own) - Number(a === own))) : null;
      if (recovered) {
        if (recovered.charset !== own) problems?.add(`text labelled ${name.slice(0, 40)} is ${recovered.charset}`);
        return recovered.text;
      }
      if (broken) text = labelled();
      if (text !== null) {
        problems?.add(`text in charset ${name.slice(0, 40)} has bytes that charset does not have`);
        return wellFormed(text);
      }
      problems?.add(`text in charset ${name.slice(0, 40)} could not be decoded`);
    } else {
      problems?.add(`unknown charset "${name.slice(0, 40)}"`);
    }
  }
  return isUtf8(buf) ? buf.toString('utf8') : iconv.decode(buf, 'windows-1252');
}

/** The label's decoding did not fit the bytes: 8-bit bytes in a 7-bit charset, or bytes it had no character for. */
function labelFailed(text: string, bytes: string, charset: string): boolean {
  return sevenBitBroken(bytes, charset) || !text.isWellFormed() || text.includes('\ufffd');
}

/** 8-bit bytes in a 7-bit charset. */
function sevenBitBroken(bytes: string, charset: string): boolean {
  return SEVEN_BIT.test(charset) && !PLAIN.test(bytes);
}

/** The WHATWG name of a charset label (`EUC-JP` → `euc-jp`, `sjis` → `shift_jis`), or null. */
function encodingName(label: string): string | null {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return null;
  }
}

/** The first charset that decodes every byte (fatal decoding), or null. */
function decodeStrictly(buf: Buffer, charsets: readonly string[]): { charset: string; text: string } | null {
  for (const charset of charsets) {
    try {
      return { charset, text: new TextDecoder(charset, { fatal: true }).decode(buf) };
    } catch {
      /* not this one */
    }
  }
  return null;
}

/** libmime's decode(buf, charset), ISO-2022-JP by the platform's decoder when that gives the same
 * text (iso-2022-jp.ts). libmime's decode names the charset again (normalizeCharset) first. */
function libmimeDecode(buf: Buffer, charset: string): string {
  return (normalizeCharset(charset) === 'ISO-2022-JP' ? decodeIso2022jp(buf) : null) ?? charsetDecode(buf, charset);
}

/** A charset libmime decodes a byte to the character of that code (iconv-lite's "binary"; libmime
 * reads ISO-8859-1 as windows-1252): an encoded word's bytes, Q or B decoded by libmime itself. */
export const BYTES = 'binary';

/**
 * libmime's decodeWords, its words in ISO-2022-JP decoded as libmimeDecode does. decodeWords joins
 * the words and decodes each with `this.decodeWord`: this object's own decodeWord takes the words
 * in ISO-2022-JP and hands the rest to libmime's. (Were libmime to stop calling it through `this`,
 * libmime would decode every word itself again: slower, the same text.)
 */
const words: { decodeWords(s: string): string } = Object.create(libmime, {
  decodeWord: {
    value(charset: string, encoding: string, str: string): string {
      // as libmime's decodeWord: an RFC 2231 language tag (charset*lang) is left out
      const star = charset.indexOf('*');
      const name = normalizeCharset(star >= 0 ? charset.substring(0, star) : charset);
      if (name !== 'ISO-2022-JP') return libmime.decodeWord(charset, encoding, str);
      const bytes = Buffer.from(libmime.decodeWord(BYTES, encoding, str), 'latin1');
      return decodeIso2022jp(bytes) ?? charsetDecode(bytes, name);
    },
  },
});

/** A header value as text: raw 8-bit bytes (UTF-8 or not) and RFC 2047 encoded words. */
export function decodeHeaderValue(value: string): string {
  let v = value;
  if (!PLAIN.test(v)) v = decodeText(v, null);
  else if (v.includes('\x1b$B')) v = decodeText(v, 'iso-2022-jp');
  if (v.includes('=?')) {
    try {
      v = words.decodeWords(v);
    } catch {
      /* keep the encoded form */
    }
  }
  return wellFormed(v);
}
