// anyMayMatch: the one-pass test findCommand and findRemoteHost make before trying their
// expressions one by one. It may pass a text none of them matches, never fail one that one matches.
import { describe, expect, it } from 'vitest';
import { anyMayMatch, findCommand, findRemoteHost } from '../src/parse/text-tools.js';

const EXPRESSIONS = [
  /in reply to (?:the )?(RCPT TO|MAIL FROM|DATA)\b/i,
  /\bafter (RCPT|MAIL|DATA) command\b/,
  /\b(RCPT TO|MAIL FROM)\s*:?\s*</gi,
  /\[(RCPT_TO|MAIL_FROM|DATA)\]/,
  /^(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}) does not like/m,
  /^550 user unknown$/,
];

const WORDS = ['in reply to', 'RCPT TO', 'rcpt to', 'MAIL FROM', 'after', 'DATA', 'command', '<', ':', '[RCPT_TO]', '[rcpt_to]', '192.0.2.1', 'does not like', '550 user unknown', '\n', ' ', 'the'];

describe('anyMayMatch', () => {
  it('passes every text one of the expressions matches (random texts)', () => {
    const any = anyMayMatch(EXPRESSIONS);
    let seed = 3;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    let matched = 0;
    for (let k = 0; k < 20000; k++) {
      let text = '';
      for (let n = rnd(8); n > 0; n--) text += WORDS[rnd(WORDS.length)]! + (rnd(2) ? ' ' : '');
      const one = EXPRESSIONS.some((re) => {
        re.lastIndex = 0;
        return re.test(text);
      });
      if (one) {
        matched++;
        expect(any.test(text), JSON.stringify(text)).toBe(true);
      }
    }
    expect(matched).toBeGreaterThan(1000);
  });

  it('keeps an expression multi-line only where it was', () => {
    const any = anyMayMatch([/^b/, /^c/m]);
    expect(any.test('a\nb')).toBe(false);
    expect(any.test('a\nc')).toBe(true);
    expect(any.test('B')).toBe(true); // case is ignored: a wider test, never a narrower one
  });

  it('leaves findCommand and findRemoteHost their answers', () => {
    expect(findCommand('550 5.1.1 user unknown (in reply to\n   RCPT TO command)')).toBe('RCPT');
    expect(findCommand('550 5.1.1 user unknown')).toBeNull();
    expect(findRemoteHost('x\n192.0.2.153 does not like recipient.')).toBe('192.0.2.153');
    expect(findRemoteHost('host mx.example.org[192.0.2.1] said: 550')).toBe('mx.example.org');
    expect(findRemoteHost('550 user unknown')).toBeNull();
  });
});
