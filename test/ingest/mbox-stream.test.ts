// Files and standard input read as streams: the messages must be those of the in-memory split
// (splitMbox) wherever the chunks end, and a message over the limit must become an error item
// without stopping the rest.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { readInputs, type InputItem, type ReadOptions } from '../../src/sources/files/read-inputs.js';
import { splitMbox } from '../../src/sources/files/mbox.js';
import { MboxSplitter, type MboxEntry } from '../../src/sources/files/mbox-stream.js';
import { hard } from '../helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rebound-mbox-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const MTIME = new Date('2024-02-02T00:00:00Z');

async function read(paths: string[], opts: ReadOptions = {}): Promise<InputItem[]> {
  const out: InputItem[] = [];
  for await (const i of readInputs(paths, opts)) out.push(i);
  return out;
}

/** A file with a known modification time: the received time of messages without a date. */
function file(name: string, data: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  utimesSync(path, MTIME, MTIME);
  return path;
}

/** What readInputs gave before it streamed: splitMbox over the whole file. */
function expected(path: string, data: Buffer) {
  return splitMbox(data).map((m, k) => ({ ok: true, raw: m.raw.toString('latin1'), ref: `${path}#${k + 1}`, date: m.date?.toISOString() ?? null }));
}

function seen(items: InputItem[]) {
  return items.map((i) => (i.ok ? { ok: true, raw: i.raw.toString('latin1'), ref: i.ref, date: i.receivedAt.getTime() === MTIME.getTime() ? null : i.receivedAt.toISOString() } : i));
}

const LF = [
  'From MAILER-DAEMON Thu Jan  4 10:20:30 2024',
  'Subject: one',
  '',
  '>From quoted',
  '>>From twice',
  'not From here',
  '',
  'From MAILER-DAEMON Fri Jan  5 11:00:00 2024',
  'From someone-without-date',
  'Subject: three',
  '',
  '',
  'From x Sat Jan  6 12:00:00 2024',
  'Subject: four',
  'From: a header, not a separator',
  '',
  'last',
].join('\n');
const CRLF = LF.replace(/\n/g, '\r\n') + '\r\n';

describe('an mbox read in chunks', () => {
  it('the splitter gives splitMbox\'s messages wherever two cuts fall', () => {
    for (const text of [LF, CRLF]) {
      const data = Buffer.from(text, 'latin1');
      const whole = splitMbox(data);
      for (let i = 0; i <= data.length; i++) {
        for (let j = i; j <= data.length; j += 13) {
          const s = new MboxSplitter(1 << 20);
          const got: MboxEntry[] = [...s.push(data.subarray(0, i)), ...s.push(data.subarray(i, j)), ...s.push(data.subarray(j)), ...s.end()];
          expect(got, `cuts at ${i} and ${j}`).toEqual(whole);
        }
      }
    }
  });

  it('reads files a few bytes at a time, LF and CRLF, into the same items as splitMbox', async () => {
    for (const [name, text] of [['lf', LF], ['crlf', CRLF]] as const) {
      const data = Buffer.from(text, 'latin1');
      const path = file(name, data);
      for (const highWaterMark of [1, 2, 3, 5, 6, 7, 13, 64]) {
        const items = await read([path], { highWaterMark });
        expect(seen(items), `${name}, chunks of ${highWaterMark}`).toEqual(expected(path, data));
      }
    }
  });

  it('finds a separator cut between the newline and `From `, and between \\r and \\n', async () => {
    for (const [text, cut] of [[LF, LF.indexOf('\nFrom ', 1) + 1], [CRLF, CRLF.indexOf('\r\nFrom ', 1) + 1]] as const) {
      const path = file('cut', text);
      const items = await read([path], { highWaterMark: cut });
      expect(items.map((i) => i.ok && i.raw.toString())).toEqual(splitMbox(Buffer.from(text)).map((m) => m.raw.toString()));
      expect(items).toHaveLength(4);
    }
  });

  it('gives the same items as splitMbox for an mbox of 3,000 messages', async () => {
    const parts: string[] = [];
    for (let k = 0; k < 3000; k++) {
      const msg = hard(`r${k}@dest.example`, `m${k}`).toString('latin1');
      const body = k % 3 === 0 ? msg.replace(/\r\n/g, '\n') : msg; // LF and CRLF messages mixed
      const quoted = k % 5 === 0 ? `${body}>From the body\n>>From deeper\n` : body;
      const date = k % 7 === 0 ? '' : ` Wed May  1 08:${String(k % 60).padStart(2, '0')}:00 2024`;
      parts.push(`From MAILER-DAEMON${date}\n${quoted}\n`);
    }
    const data = Buffer.from(parts.join(''), 'latin1');
    const path = file('big', data);
    for (const highWaterMark of [undefined, 4093]) {
      const items = await read([path], { highWaterMark });
      expect(items).toHaveLength(3000);
      expect(seen(items)).toEqual(expected(path, data));
    }
  });
});

describe('the size limit', () => {
  const msg = (id: string, size: number) => `From MAILER-DAEMON Thu Jan  4 10:20:30 2024\nSubject: ${id}\n\n${'x'.repeat(size - 12 - id.length)}\n`;

  it('turns a message over the limit in the middle of an mbox into an error item; those around it come', async () => {
    const path = file('mbox', [msg('a', 200), msg('b', 5000), msg('c', 1000), msg('d', 1001)].join('\n'));
    const items = await read([path], { maxMessageBytes: 1000, highWaterMark: 256 });
    expect(items.map((i) => (i.ok ? `${i.ref} ${i.raw.length}` : `${i.ref} ${i.error}`))).toEqual([
      `${path}#1 200`,
      `${path}#2 message too large: more than 1000 bytes`,
      `${path}#3 1000`, // exactly the limit (the blank line before the next separator is not counted)
      `${path}#4 message too large: more than 1000 bytes`,
    ]);
    expect(items[2]!.ok && items[2]!.raw.toString()).toBe(msg('c', 1000).split('\n').slice(1).join('\n'));
  });

  it('refuses a single .eml file or other file over the limit by its size, and reads the next', async () => {
    const big = file('big.eml', hard('big@dest.example', 'x'.repeat(3000)));
    const plain = file('1714557600.M1P1.host', Buffer.alloc(3000, 'a'));
    const small = file('small.eml', hard('small@dest.example'));
    const items = await read([big, plain, small], { maxMessageBytes: 2000 });
    expect(items.map((i) => (i.ok ? i.ref : `${i.ref}: ${i.error}`))).toEqual([
      `${big}: message too large: more than 2000 bytes`,
      `${plain}: message too large: more than 2000 bytes`,
      small,
    ]);
  });
});

describe('standard input as a stream', () => {
  it('splits an mbox arriving in chunks that cut separators', async () => {
    const data = Buffer.from(CRLF, 'latin1');
    const chunks = Array.from({ length: Math.ceil(data.length / 5) }, (_, k) => data.subarray(k * 5, k * 5 + 5));
    const items = await read(['-'], { stdin: Readable.from(chunks) });
    expect(items.map((i) => i.ok && i.raw.toString('latin1'))).toEqual(splitMbox(data).map((m) => m.raw.toString('latin1')));
    expect(items.map((i) => i.ref)).toEqual(['-#1', '-#2', '-#3', '-#4']);
  });

  it('yields a message as soon as the next separator arrives, before the input ends', { timeout: 5000 }, async () => {
    const stdin = new PassThrough();
    const it = readInputs(['-'], { stdin });
    stdin.write('From a Thu Jan  4 10:20:30 2024\nSubject: first\n\nbody\n\nFr');
    stdin.write('om b Fri Jan  5 11:00:00 2024\nSubject: sec');
    const first = await it.next();
    expect(first.value).toMatchObject({ ok: true, ref: '-#1', source: 'stdin' });
    expect(first.value!.ok && first.value!.raw.toString()).toBe('Subject: first\n\nbody\n');
    stdin.end('ond\n');
    const second = await it.next();
    expect(second.value!.ok && second.value!.raw.toString()).toBe('Subject: second\n');
    expect((await it.next()).done).toBe(true);
  });

  it('reads one message that is not an mbox whole, and refuses one over the limit', async () => {
    const raw = hard('piped@dest.example');
    const one = await read(['-'], { stdin: Readable.from([raw.subarray(0, 10), raw.subarray(10, 300), raw.subarray(300)]) });
    expect(one).toHaveLength(1);
    expect(one[0]!.ok && one[0]!.raw.equals(raw)).toBe(true);
    const path = file('after.eml', raw);
    const big = await read(['-', path], { stdin: Readable.from([raw, raw]), maxMessageBytes: raw.length + 10 });
    expect(big.map((i) => (i.ok ? i.ref : `${i.ref}: ${i.error}`))).toEqual([`-: message too large: more than ${raw.length + 10} bytes`, path]);
  });
});
