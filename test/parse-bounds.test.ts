// The MIME reader's bounds: a huge body is cut, not decoded or searched in full, and the report is
// still read from the parts before it (its evidence is in the first parts and first kilobytes).
import { describe, expect, it } from 'vitest';
import { parseBounce } from '../src/index.js';
import { readMessage } from '../src/parse/message.js';
import { LIMITS, decodeTransfer, normalise, parsePart } from '../src/parse/mime.js';
import { capBlankRuns } from '../src/parse/blank-runs.js';

const REPORT = [
  'From: MAILER-DAEMON@mx.example.net',
  'Subject: Undelivered Mail Returned to Sender',
  'Content-Type: multipart/mixed; boundary="b"',
  '',
  '--b',
  'Content-Type: text/plain',
  '',
  '<gone@example.org>: host mx.example.org said: 550 5.1.1 User unknown (in reply to RCPT TO command)',
  '',
].join('\r\n');

function base64Lines(bytes: number): string {
  const raw = Buffer.alloc(bytes, 'The quick brown fox jumps over the lazy dog. ');
  return raw.toString('base64').replace(/.{76}/g, '$&\r\n');
}

describe('reader bounds', () => {
  it('cuts a huge base64 text part to the readable bound and still finds the recipient before it', () => {
    const body = base64Lines(3 * 1024 * 1024);
    const raw = Buffer.from(`${REPORT}--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n${body}\r\n--b--\r\n`);
    const m = readMessage(raw);
    expect(m.text.length).toBeLessThanOrEqual(LIMITS.readableChars + 1); // the parts joined by one line break
    expect(m.text).toContain('gone@example.org');
    expect(m.text).toContain('The quick brown fox');
    expect(m.problems.list).toContain(`message is ${raw.length} bytes; only the first ${LIMITS.scanBytes} were read`);
    expect(m.problems.list).toContain(`readable text longer than ${LIMITS.readableChars} characters; the rest not read`);
    const report = parseBounce(raw);
    expect(report.kind).toBe('bounce');
    expect(report.recipients.map((r) => [r.address, r.status])).toEqual([['gone@example.org', '5.1.1']]);
  });

  it('does not decode the text parts after the bound at all', () => {
    const big = 'x'.repeat(LIMITS.readableChars + 10);
    const raw = `${REPORT}--b\r\nContent-Type: text/plain\r\n\r\n${big}\r\n--b\r\nContent-Type: text/plain\r\n\r\nlast part\r\n--b--\r\n`;
    const m = readMessage(raw);
    expect(m.text).not.toContain('last part');
    expect(m.problems.list).toContain('more readable text than is read; later text parts ignored');
  });

  it('decodes only the base64 that gives the bytes asked for, whatever the line breaks', () => {
    const text = 'abcdefghij'.repeat(10_000);
    const part = parsePart(`Content-Transfer-Encoding: base64\n\n${Buffer.from(text).toString('base64').replace(/.{10}/g, '$&\n')}`, { add() {} });
    expect(decodeTransfer(part, 1000)).toBe(text.slice(0, 1002)); // whole groups of 3 bytes
    expect(decodeTransfer(part, 1_000_000)).toBe(text);
  });
});

describe('line ends', () => {
  it('CRLF and a lone CR become LF, as /\\r\\n?/g makes them, on 20,000 random byte strings', () => {
    let seed = 99;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const alphabet = [13, 13, 10, 10, 97, 32, 0xe9];
    for (let n = 0; n < 20_000; n++) {
      const bytes = Buffer.from(Array.from({ length: Math.floor(next() * 30) }, () => alphabet[Math.floor(next() * alphabet.length)]!));
      expect(normalise(bytes, { add() {} }), JSON.stringify(bytes.toString('latin1'))).toBe(bytes.toString('latin1').replace(/\r\n?/g, '\n'));
    }
  });
});

describe('blank-line runs', () => {
  it('are cut to 32 lines, other text kept as it was; CR, CRLF and U+2028 become line feeds', () => {
    const long = `a\n${'\n'.repeat(40)}b\n${' \n'.repeat(5)}c`;
    expect(capBlankRuns(long)).toBe(`a\n${'\n'.repeat(32)}b\n${' \n'.repeat(5)}c`);
    expect(capBlankRuns(`x\n${' \t\n'.repeat(100)}y`)).toBe(`x\n${' \t\n'.repeat(32)}y`);
    const short = `a\n${'\n'.repeat(20)}b`;
    expect(capBlankRuns(short)).toBe(short);
    expect(capBlankRuns('a\r\nb\rc\u2028d\u2029e')).toBe('a\nb\nc\nd\ne');
    expect(capBlankRuns(`a${'\r\n'.repeat(50)}b`)).toBe(`a${'\n'.repeat(33)}b`);
  });

  it('in the text the decoders read', () => {
    const m = readMessage(`Subject: x\n\nfirst\n${'\n'.repeat(1000)}last\n`);
    expect(m.text).toBe(`first\n${'\n'.repeat(32)}last\n`);
  });
});
