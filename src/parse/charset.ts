// Bytes (as one-char-per-byte strings) to text. Real bounces carry wrong, misspelled or missing
// charset labels: a label that cannot be honoured falls back to UTF-8 when the bytes are valid
// UTF-8, else to windows-1252, and the problem is noted; nothing here throws.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import libmime from 'libmime';
import { decode as charsetDecode, normalizeCharset } from 'libmime/lib/charset.js';
import type { Problems } from './mime.js';

const PLAIN = /^[\x00-\x7f]*$/;
const JAPANESE = /^(?:jis|iso-?2022-?jp|eucjp|euc-jp|shift[-_]?jis|sjis|cp932|windows-31j)/i;

export function decodeText(bytes: string, charset: string | null, problems?: Problems): string {
  // ISO-2022-JP is 7-bit: ESC is the only sign of it
  if (PLAIN.test(bytes) && !(bytes.includes('\x1b') && (!charset || JAPANESE.test(charset)))) return bytes;
  const buf = Buffer.from(bytes, 'latin1');
  let name = charset ? charset.trim().replace(/^["']|["']$/g, '') : '';
  if (!name && bytes.includes('\x1b$B')) name = 'iso-2022-jp';
  if (name) {
    const norm = normalizeCharset(name);
    if (/^utf-?8$/i.test(norm)) return buf.toString('utf8');
    if (JAPANESE.test(norm) || JAPANESE.test(name) || iconv.encodingExists(norm)) {
      try {
        return charsetDecode(buf, norm);
      } catch {
        problems?.add(`text in charset ${name} could not be decoded`);
      }
    } else {
      problems?.add(`unknown charset "${name.slice(0, 40)}"`);
    }
  }
  return isUtf8(buf) ? buf.toString('utf8') : iconv.decode(buf, 'windows-1252');
}

/** A header value as text: raw 8-bit bytes (UTF-8 or not) and RFC 2047 encoded words. */
export function decodeHeaderValue(value: string): string {
  let v = value;
  if (!PLAIN.test(v)) v = decodeText(v, null);
  else if (v.includes('\x1b$B')) v = decodeText(v, 'iso-2022-jp');
  if (v.includes('=?')) {
    try {
      v = libmime.decodeWords(v);
    } catch {
      /* keep the encoded form */
    }
  }
  return v;
}
