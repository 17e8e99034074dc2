// A small, bounded MIME reader: only what a bounce report needs. mailparser decodes every part and
// attachment of a message; a report needs its headers, its text parts, its status parts and the
// headers of the returned message, so this reads just those, with hard limits on size and depth.
import { decodeText, decodeHeaderValue } from './charset.js';

export type HeaderList = Array<[name: string, value: string]>;

export interface MimePart {
  headers: HeaderList;
  /** lower-cased `type/subtype`; `text/plain` when absent */
  type: string;
  params: Record<string, string>;
  /** undecoded body, one char per byte (latin1) */
  body: string;
  children: MimePart[];
}

export const LIMITS = {
  /**
   * bytes of a message that are looked at; the rest (attachments of the original, mostly) is not
   * read. A report's evidence is in its first parts and first kilobytes: the largest message of the
   * labelled corpus is 72 KB, its longest readable text 8.6 KB.
   */
  scanBytes: 1024 * 1024,
  headerLines: 2000,
  headerValueChars: 32 * 1024,
  depth: 12,
  parts: 200,
  /** decoded text kept per part (a status part may list thousands of recipients) */
  textChars: 256 * 1024,
  /**
   * the readable report, all its text parts together: what the decoders scan, phrase by phrase.
   * A 20 MB text or base64 body is cut here, not decoded in full and not searched in full.
   */
  readableChars: 32 * 1024,
};

export interface Problems {
  add(problem: string): void;
}

/** Bytes to a one-char-per-byte string with LF line ends and no NUL bytes. */
export function normalise(raw: Uint8Array, problems: Problems): string {
  let bytes = raw;
  if (bytes.length > LIMITS.scanBytes) {
    problems.add(`message is ${bytes.length} bytes; only the first ${LIMITS.scanBytes} were read`);
    bytes = bytes.subarray(0, LIMITS.scanBytes);
  }
  let buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.includes(0)) {
    problems.add('NUL bytes removed');
    // dropped from the bytes, in one copy (a string replace of a million NULs costs a tenth of a second)
    const out = Buffer.allocUnsafe(buf.length);
    let n = 0;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i]!;
      if (b !== 0) out[n++] = b;
    }
    buf = out.subarray(0, n);
  }
  let s = buf.toString('latin1');
  // CRLF, then a lone CR, to LF. Split and joined, not replaced by /\r\n?/g: the replace gives a
  // string made of a piece per line, which V8 copies into one string at its first use (3.5 ms for a
  // megabyte of base64 lines, on top of the replace's 2–4 ms); the join gives one string at once
  if (s.includes('\r')) {
    s = s.split('\r\n').join('\n');
    if (s.includes('\r')) s = s.split('\r').join('\n');
  }
  return s;
}

export function splitHead(s: string): { head: string; body: string } {
  if (s.startsWith('\n')) return { head: '', body: s.slice(1) };
  const i = s.indexOf('\n\n');
  if (i < 0) {
    // no blank line: headers only when it looks like headers, else all body
    return /^[!-9;-~]+:/.test(s) ? { head: s, body: '' } : { head: '', body: s };
  }
  return { head: s.slice(0, i), body: s.slice(i + 2) };
}

/** a header field's name: printable ASCII but the colon */
const FIELD_NAME = /^[!-9;-~]+$/;

export function parseHeaders(head: string, problems?: Problems): HeaderList {
  const out: HeaderList = [];
  if (!head) return out;
  // line by line without splitting the block first: the hottest loop of the reader
  for (let start = 0; start <= head.length; ) {
    const nl = head.indexOf('\n', start);
    const end = nl < 0 ? head.length : nl;
    const line = head.slice(start, end);
    start = end + 1;
    if (out.length >= LIMITS.headerLines) {
      problems?.add(`more than ${LIMITS.headerLines} header lines; the rest ignored`);
      break;
    }
    // an empty line read past its end (NaN) threw the function's optimised code away once a run
    const first = line.length > 0 ? line.charCodeAt(0) : 0;
    if ((first === 32 || first === 9) && out.length > 0) {
      const last = out[out.length - 1];
      if (last[1].length < LIMITS.headerValueChars) last[1] += ' ' + line.trim();
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trimEnd() : '';
    if (!FIELD_NAME.test(name)) {
      // an mbox "From " line or garbage inside the header block
      if (line.trim() && !line.startsWith('From ')) problems?.add('malformed header line ignored');
      continue;
    }
    let value = line.slice(colon + 1).trim();
    if (value.length > LIMITS.headerValueChars) {
      problems?.add('header line too long; truncated');
      value = value.slice(0, LIMITS.headerValueChars);
    }
    out.push([name.toLowerCase(), value]);
  }
  return out;
}

export function header(headers: HeaderList, name: string): string | null {
  for (const [n, v] of headers) if (n === name) return v;
  return null;
}

export function headerAll(headers: HeaderList, name: string): string[] {
  const out: string[] = [];
  for (const [n, v] of headers) if (n === name) out.push(v);
  return out;
}

/** `type/subtype; a=b; c="d"` (RFC 2045, with RFC 2231 continuations joined) */
export function parseContentType(value: string | null): { type: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  if (!value) return { type: 'text/plain', params };
  const semi = value.indexOf(';');
  let type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type)) type = type.includes('/') ? type.replace(/\s+/g, '') : 'text/plain';
  if (semi >= 0) {
    const re = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"?|([^;]*))/g;
    const rest = value.slice(semi);
    let m: RegExpExecArray | null;
    // (each expression only on a value or key with the character it is about: most have none)
    while ((m = re.exec(rest))) {
      const key = m[1].toLowerCase();
      const v = m[2] !== undefined ? (m[2].includes('\\') ? m[2].replace(/\\(.)/g, '$1') : m[2]) : (m[3] ?? '').trim();
      const star = key.includes('*');
      const cont = star ? /^(.+)\*(\d+)\*?$/.exec(key) : null;
      if (cont) params[cont[1]] = (params[cont[1]] ?? '') + v;
      else params[star && key.endsWith('*') ? key.slice(0, -1) : key] ??= v;
    }
  }
  return { type, params };
}

function findBoundary(body: string): string | null {
  const m = /^--([^\s-][^\s]{4,100})[ \t]*$/m.exec(body.slice(0, 64 * 1024));
  return m ? m[1] : null;
}

function splitMultipart(body: string, boundary: string): string[] | null {
  const delim = '--' + boundary;
  const starts: number[] = [];
  let from = 0;
  for (;;) {
    const at = body.startsWith(delim, from) && (from === 0 || body[from - 1] === '\n') ? from : body.indexOf('\n' + delim, from);
    if (at < 0) break;
    const lineStart = body[at] === '\n' ? at + 1 : at;
    const after = lineStart + delim.length;
    const isClose = body.startsWith('--', after);
    // the delimiter must be the whole line (trailing white space allowed)
    const eol = body.indexOf('\n', after);
    const rest = body.slice(after + (isClose ? 2 : 0), eol < 0 ? body.length : eol);
    if (rest.trim() === '') {
      starts.push(lineStart, eol < 0 ? body.length : eol + 1, isClose ? 1 : 0);
      if (isClose) break;
    }
    from = eol < 0 ? body.length : eol;
    if (from >= body.length) break;
  }
  if (starts.length === 0) return null;
  const parts: string[] = [];
  for (let i = 0; i < starts.length; i += 3) {
    if (starts[i + 2] === 1) break;
    const begin = starts[i + 1];
    const end = i + 3 < starts.length ? starts[i + 3] - 1 : body.length;
    parts.push(body.slice(begin, Math.max(begin, end)));
  }
  return parts;
}

interface Budget {
  parts: number;
}

export function parsePart(s: string, problems: Problems, depth = 0, budget: Budget = { parts: 0 }, defaultType = 'text/plain'): MimePart {
  const { head, body } = splitHead(s);
  const headers = parseHeaders(head, problems);
  const ct = header(headers, 'content-type');
  const { type, params } = ct ? parseContentType(ct) : { type: defaultType, params: {} };
  const part: MimePart = { headers, type, params, body, children: [] };
  budget.parts++;
  if (!type.startsWith('multipart/')) return part;
  if (depth >= LIMITS.depth) {
    problems.add(`multipart nesting deeper than ${LIMITS.depth}; inner parts not read`);
    return part;
  }
  let boundary: string | null = params.boundary ?? null;
  let pieces = boundary ? splitMultipart(body, boundary) : null;
  if (!pieces) {
    boundary = findBoundary(body);
    pieces = boundary ? splitMultipart(body, boundary) : null;
    problems.add(pieces ? 'multipart boundary missing or wrong; guessed from the body' : 'multipart without usable boundary; read as text');
  }
  if (!pieces) {
    part.type = 'text/plain';
    return part;
  }
  const childDefault = type === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
  for (const piece of pieces) {
    if (budget.parts >= LIMITS.parts) {
      problems.add(`more than ${LIMITS.parts} MIME parts; the rest ignored`);
      break;
    }
    part.children.push(parsePart(piece, problems, depth + 1, budget, childDefault));
  }
  return part;
}

export function transferEncoding(part: MimePart): string {
  return (header(part.headers, 'content-transfer-encoding') ?? '7bit').trim().toLowerCase();
}

/** Undo the transfer encoding: bytes as a one-char-per-byte string, at most about maxChars of them. */
export function decodeTransfer(part: MimePart, maxChars = LIMITS.textChars * 2): string {
  const cte = transferEncoding(part);
  if (cte === 'base64') {
    // 4 characters for 3 bytes, and line breaks: what gives maxChars bytes, not the whole body
    const want = Math.ceil(maxChars / 3) * 4;
    const b64 = base64Chars(part.body, want);
    return Buffer.from(b64.length > want ? b64.slice(0, want) : b64, 'base64').toString('latin1');
  }
  const body = part.body.length > maxChars * 2 ? part.body.slice(0, maxChars * 2) : part.body;
  if (cte === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

/** The base64 alphabet's characters of a body, the first `want` of them or a few more. */
function base64Chars(body: string, want: number): string {
  const NOT_B64 = /[^A-Za-z0-9+/=]/g;
  // lines of 76 and their breaks: a little more than want characters of body usually suffice
  let take = Math.min(body.length, Math.ceil(want * 1.05) + 64);
  for (;;) {
    const chars = body.slice(0, take).replace(NOT_B64, '');
    if (chars.length >= want || take >= body.length) return chars;
    take = Math.min(body.length, take * 2);
  }
}

/** What `.replace(/=(?:\n|([0-9A-Fa-f]{2}))/g, ...)` gave (a soft line break dropped, `=XX` made
 * the byte XX, any other `=` kept), from one search for `=` to the next: the expression's callback,
 * with its parseInt and a string per escape, cost more than the rest of the reading of a QP part
 * (a Japanese text is mostly escapes). */
export function decodeQuotedPrintable(s: string): string {
  const t = trimLineEnds(s);
  let at = t.indexOf('=');
  if (at < 0) return t;
  let out = '';
  let from = 0;
  for (; at >= 0; at = t.indexOf('=', at)) {
    const next = t.charCodeAt(at + 1);
    if (next === 0x0a) {
      out += t.slice(from, at);
      from = at += 2;
      continue;
    }
    const hi = hexValue(next);
    const lo = hi < 0 ? -1 : hexValue(t.charCodeAt(at + 2));
    if (lo < 0) {
      at++;
      continue;
    }
    out += t.slice(from, at) + String.fromCharCode(hi * 16 + lo);
    from = at += 3;
  }
  return out + t.slice(from);
}

/** 0-15 for an ASCII hex digit, else -1 (NaN, past the end, too). */
function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** White space at the end of each line dropped (RFC 2045: a QP encoder's trailing white space is
 * not data). Most bodies have none: looked for with substring searches first. Where some has, the
 * lines are walked from one end to the next: an expression (`/[ \t]+$/gm`) takes each space of a
 * run for the start of the trailing run and reads to the run's end each time, quadratic (5 s for a
 * run of 60,000 spaces). A line ends at LF, at CR, or at the end of the text (a byte string holds
 * no other line terminator). */
export function trimLineEnds(s: string): string {
  const last = s.charCodeAt(s.length - 1);
  if (last !== 0x20 && last !== 0x09 && !s.includes(' \n') && !s.includes('\t\n') && !s.includes(' \r') && !s.includes('\t\r')) return s;
  let out = '';
  let copied = 0; // s before this is in out
  let lf = s.indexOf('\n');
  let cr = s.indexOf('\r');
  for (let start = 0; start <= s.length; ) {
    if (lf >= 0 && lf < start) lf = s.indexOf('\n', start);
    if (cr >= 0 && cr < start) cr = s.indexOf('\r', start);
    const end = lf < 0 ? (cr < 0 ? s.length : cr) : cr < 0 ? lf : Math.min(lf, cr);
    let kept = end;
    for (let c = s.charCodeAt(kept - 1); kept > start && (c === 0x20 || c === 0x09); c = s.charCodeAt(kept - 1)) kept--;
    if (kept < end) {
      out += s.slice(copied, kept);
      copied = end;
    }
    start = end + 1;
  }
  return copied === 0 ? s : out + s.slice(copied);
}

/** A text part as a JS string: transfer decoding, then its charset; at most maxChars of it. */
export function partText(part: MimePart, problems: Problems, maxChars = LIMITS.textChars): string {
  const bytes = decodeTransfer(part, maxChars * 2);
  const text = decodeText(bytes, part.params.charset ?? null, problems);
  return text.length > maxChars ? text.slice(0, maxChars) : text;
}

export { decodeHeaderValue };

/** Every part, depth first, in document order. */
export function* walk(part: MimePart): Generator<MimePart> {
  yield part;
  for (const c of part.children) yield* walk(c);
}
