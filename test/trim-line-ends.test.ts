// trimLineEnds (quoted-printable's trailing white space, RFC 2045) walks the lines instead of running
// an expression over every space: it must drop exactly what `/[ \t]+$/gm` drops, at LF, CR and the
// end of the text, and give the text back as it is when there is nothing to drop. The expression
// took each space of a run as a start and ran to the run's end: quadratic, 2 s for a run of 40,000
// spaces, 5 s for 60,000, so some 5 minutes for half a million, and 20 for the million characters
// of a status part that are decoded.
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { trimLineEnds } from '../src/parse/mime.js';
import { buildCli } from './helpers/cli-process.js';

const byExpression = (s: string) => s.replace(/[ \t]+$/gm, '');

describe('trimLineEnds', () => {
  it('drops what the expression drops, on cases made to have runs at every kind of line end', () => {
    const cases = ['', ' ', '\t', 'a ', ' a', 'a \n', 'a\t \nb', 'a \r\nb \r', ' \n \n', '\n\n  ', 'x =\n y  \n\tz\t', 'é  \nà\t', 'a  b  \n c '];
    for (const s of cases) expect(trimLineEnds(s), JSON.stringify(s)).toBe(byExpression(s));
  });

  it('drops what the expression drops, on 20,000 random texts', () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const alphabet = [' ', ' ', '\t', '\n', '\r', 'a', 'b', '=', 'é', '\u00a0'];
    for (let n = 0; n < 20_000; n++) {
      let s = '';
      const length = Math.floor(next() * 40);
      for (let i = 0; i < length; i++) s += alphabet[Math.floor(next() * alphabet.length)];
      expect(trimLineEnds(s), JSON.stringify(s)).toBe(byExpression(s));
    }
  });

  it('gives the same string back when no line ends in white space', () => {
    const s = 'no trailing\nwhite space here\r\nat all';
    expect(trimLineEnds(s)).toBe(s);
  });

  it('a status part holding a run of half a million spaces is read, not stalled on', async () => {
    // parsed on a thread of its own (the compiled sources), so that a parse that stalls fails the
    // case at the deadline instead of holding the test runner's thread for minutes
    const out = dirname(buildCli('test-trim-line-ends'));
    const dsn = `Reporting-MTA: dns; mx.example.net\r\n\r\nFinal-Recipient: rfc822; gone@example.org \r\nAction: failed\r\nStatus: 5.1.1\r\nX-Note: ${' '.repeat(500_000)}x\r\n`;
    const raw = [
      'From: MAILER-DAEMON@mx.example.net',
      'Subject: Undelivered Mail Returned to Sender',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: message/delivery-status',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      dsn,
      '--b--',
      '',
    ].join('\r\n');
    const script = `const { parentPort, workerData } = require('node:worker_threads');
      import(workerData.index).then((m) => parentPort.postMessage(m.parseBounce(workerData.raw).recipients.map((r) => [r.address, r.status])));`;
    const worker = new Worker(script, { eval: true, workerData: { index: pathToFileURL(join(out, 'index.js')).href, raw } });
    try {
      const answer = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the parse did not end within 20 s')), 20_000);
        worker.once('message', (m) => (clearTimeout(timer), resolve(m)));
        worker.once('error', (e) => (clearTimeout(timer), reject(e)));
      });
      expect(answer).toEqual([['gone@example.org', '5.1.1']]);
    } finally {
      await worker.terminate();
    }
  }, 120_000);
});
