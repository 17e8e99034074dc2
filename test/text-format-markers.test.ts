// cutReport tries a list of end markers as a few alternations: the cut is the one the markers
// tried one by one give (the earliest match, the first listed at a tie).
import { describe, expect, it } from 'vitest';
import { cutReport } from '../src/parse/decoders/text-format.js';
import { ORIGINAL_MARKERS } from '../src/parse/decoders/markers.js';

/** the cut as each marker on its own gives it */
function oneByOne(text: string, end: RegExp[]) {
  let cut = -1;
  let cutEnd = -1;
  for (const re of end) {
    re.lastIndex = 0;
    const m = re.exec(text);
    if (m && (cut < 0 || m.index < cut)) {
      cut = m.index;
      cutEnd = m.index + m[0].length;
    }
  }
  return cut < 0 ? { report: text, original: null } : { report: text.slice(0, cut), original: text.slice(cutEnd) };
}

const LISTS: RegExp[][] = [
  ORIGINAL_MARKERS,
  // flags that differ from one marker to the next, a marker that matches where another does
  [/^Original message follows\.\s*$/m, ...ORIGINAL_MARKERS],
  [/^Received:\s*from \S+ by /m, /^Message-ID:\s*</im, ...ORIGINAL_MARKERS],
  [/^-+ ?Original/m, /^-+ ?original message/im, /^-{3,}/m],
  // a back-reference and a named group keep their own expression
  [/^(-+)x\1$/m, /^(?<rule>=+)$/m, /^-+$/m],
];

const LINES = [
  '------ This is a copy of the message, including all the headers. ------',
  '----- Original Message -----',
  '--- original message ---',
  'Original message follows.',
  '-----',
  '=====',
  '--x--',
  'Content-Type: message/rfc822',
  'Received: from mx.example.org by mail.example.net',
  'Message-ID: <a@b>',
  '   ----- Returned mail follows -----  ',
  'The original message follows',
  'Below this line is a copy of the message.',
  '550 5.1.1 <a@example.org>: user unknown',
  '',
  'some text about the failure',
];

describe('cutReport end markers', () => {
  it('cuts where the markers tried one by one cut, on random texts', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let k = 0; k < 5000; k++) {
      const lines: string[] = [];
      for (let n = rnd(8); n > 0; n--) lines.push(LINES[rnd(LINES.length)]!);
      const text = lines.join('\n');
      const end = LISTS[rnd(LISTS.length)]!;
      const got = cutReport(text, undefined, end);
      expect({ report: got.report, original: got.original }, JSON.stringify(text)).toEqual(oneByOne(text, end));
    }
  });
});
