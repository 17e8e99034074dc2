// Text decoding: a mislabelled Japanese part is recovered, and nothing the parser returns holds a
// lone UTF-16 surrogate (which JSON prints as \udfbe and SQLite stores as invalid UTF-8).
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodeText } from '../src/parse/charset.js';
import { htmlToText } from '../src/parse/message.js';
import { parseBounce } from '../src/index.js';
import { wellFormed, wellFormedDeep } from '../src/well-formed.js';

const TEXT = 'このメッセージは配信システムから自動的に送信されています。宛先のメールアドレスは存在しません。';
/** the problems noted, in order */
class Problems {
  list: string[] = [];
  add(p: string) {
    this.list.push(p);
  }
}

const bytes = (charset: string) => iconv.encode(TEXT, charset).toString('latin1');

describe('decodeText', () => {
  it.each([
    ['ISO-2022-JP', 'euc-jp'],
    ['ISO-2022-JP', 'shift_jis'],
    ['ISO-2022-JP', 'utf-8'],
    ['EUC-JP', 'shift_jis'],
    ['Shift_JIS', 'utf-8'],
  ])('recovers text labelled %s that is %s, and says so', (label, actual) => {
    const problems = new Problems();
    const text = decodeText(bytes(actual), label, problems);
    expect(text).toBe(TEXT);
    expect(problems.list).toEqual([`text labelled ${label} is ${actual}`]);
  });

  it('keeps a right label as it is, with no problem', () => {
    // ISO-2022-JP: fixtures/dsn/enc-iso2022jp (iconv-lite cannot write it)
    for (const charset of ['EUC-JP', 'Shift_JIS']) {
      const problems = new Problems();
      expect(decodeText(bytes(charset), charset, problems)).toBe(TEXT);
      expect(problems.list).toEqual([]);
    }
  });

  it('returns well-formed text when no candidate fits either', () => {
    const problems = new Problems();
    const text = decodeText('\x1b$B\xa4\xb3\xa4\xce\xff\xfe\xfd\x80', 'ISO-2022-JP', problems);
    expect(text.isWellFormed()).toBe(true);
    expect(problems.list).toEqual(['text in charset ISO-2022-JP has bytes that charset does not have']);
  });
});

describe('well-formed output', () => {
  it('replaces lone surrogates with U+FFFD and keeps pairs', () => {
    expect(wellFormed('a\udfbeb\ud83d')).toBe('a\ufffdb\ufffd');
    expect(wellFormed('😀')).toBe('😀');
    const ok = { a: ['x', { b: 'y' }] };
    expect(wellFormedDeep(ok)).toBe(ok);
    expect(wellFormedDeep({ a: ['x', { b: '\udc00' }], n: 1, z: null })).toEqual({ a: ['x', { b: '\ufffd' }], n: 1, z: null });
  });

  it('reads an HTML report as it is laid out: a <br> and the newline after it are one line break, <pre> keeps its lines', () => {
    expect(htmlToText('<p>Generating server: mx<br>\n<br>\na@example.org<br>\nRemote Server returned &#39;550 5.1.1&#39;<br>\n</p>')).toBe(
      "\n\nGenerating server: mx\n\na@example.org\nRemote Server returned '550 5.1.1'\n\n",
    );
    expect(htmlToText('<div>Delivery to <b>a@example.org</b>\nfailed.</div><pre>>>> RCPT TO:<a>\n<<< 550 no</pre>')).toBe('\nDelivery to a@example.org failed.\n\n>>> RCPT TO:\n<<< 550 no\n');
    expect(htmlToText('<table><tr><td>a@example.org</td><td>550 5.1.1 User unknown</td></tr></table>')).toBe('\n\na@example.org 550 5.1.1 User unknown\n\n');
    // an address in angle brackets written as it is (not as &lt;...&gt;) is text, not a tag
    expect(htmlToText('<div>Delivery to <bogus@example.org> failed</div>')).toBe('\nDelivery to <bogus@example.org> failed\n');
  });

  it('a report never carries a lone surrogate, whatever made it (here an HTML entity of half a pair)', () => {
    const raw = [
      'From: MAILER-DAEMON@mx.example',
      'To: bounces@sender.example',
      'Subject: Undeliverable',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Delivery to <b>gone@example.org</b> failed: 550 5.1.1 user unknown &#xD83D; &#56318;</p>',
    ].join('\r\n');
    const report = parseBounce(raw);
    expect(report.recipients[0]?.diagnostic ?? '').not.toBe('');
    expect(JSON.stringify(report)).not.toMatch(/\\ud[89a-f][0-9a-f]{2}/i);
  });
});
