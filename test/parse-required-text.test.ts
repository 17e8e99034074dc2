// The literals a detection expression requires (src/parse/decoders/required-text.ts): a text
// without them is never tested, so they must hold in every text the expression matches. Checked on
// hand-picked expressions and on a few thousand random expressions and texts (a fixed seed).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { holds, requiredText } from '../src/parse/decoders/required-text.js';
import { screened, textMatches, wrapTolerant } from '../src/parse/decoders/detect.js';
import { ORIGINAL_MARKERS } from '../src/parse/decoders/markers.js';
import { readMessage } from '../src/parse/message.js';

const fixtures = fileURLToPath(new URL('../fixtures/dsn', import.meta.url));
const texts = readdirSync(fixtures)
  .filter((f) => f.endsWith('.eml'))
  .map((f) => readMessage(readFileSync(`${fixtures}/${f}`)).text);

/** the implication the screen relies on: a match means the literals are there */
function sound(re: RegExp, text: string): boolean {
  const clauses = requiredText(re);
  if (!clauses || !re.test(text)) return true;
  return holds(clauses, re.flags.includes('i') ? text.toLowerCase() : text);
}

describe('requiredText', () => {
  it('finds the literals of a sentence, the longest first, white space ending them', () => {
    expect(requiredText(/^Hi\. This is the James mail server at /m)).toEqual([['server'], ['James'], ['This']]);
    expect(requiredText(wrapTolerant(/Unable to deliver message/i))).toEqual([['deliver'], ['message'], ['unable']]);
  });

  it('takes one literal of each alternative, and of a mandatory group', () => {
    expect(requiredText(/x(?:abcd|efgh)y(?:ijkl)zz/)).toEqual([['abcd', 'efgh'], ['ijkl']]);
    expect(requiredText(/automatically|A\s+message\s+(?:could\s+not\s+be\s+delivered|contained\s+addresses)/)).toEqual([['automatically', 'delivered', 'contained']]);
  });

  it('knows nothing where an alternative, an optional part or a class could match without a literal', () => {
    expect(requiredText(/abcd|de/)).toBeNull();
    expect(requiredText(/(?:abcd)?xyz/)).toBeNull();
    expect(requiredText(/[a-z]+@[a-z]+/)).toBeNull();
    expect(requiredText(/ab{0,1}cdef/)).toEqual([['cdef']]);
    expect(requiredText(/(?=abcdef)x/)).toBeNull();
  });

  it('keeps only ASCII literals case-insensitively, and none of a global or sticky expression', () => {
    expect(requiredText(/Désolé/i)).toBeNull();
    expect(requiredText(/Désolé/)).toEqual([['Désolé']]);
    expect(requiredText(/Message from/i)).toEqual([['message'], ['from']]);
    expect(requiredText(/Message from/g)).toBeNull();
    expect(requiredText(/Message from/y)).toBeNull();
  });

  it('holds in every fixture text that the returned-message markers match', () => {
    for (const re of ORIGINAL_MARKERS) for (const t of texts) expect(sound(re, t), `${re} on a fixture`).toBe(true);
  });

  it('holds for random expressions on random texts (seeded)', () => {
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pick = <T,>(xs: readonly T[]) => xs[rnd(xs.length)]!;
    const words = ['ab', 'abcd', 'Abcde', 'bcde', 'QRST', 'é'];
    const atom = (depth: number): string => {
      switch (rnd(depth > 2 ? 5 : 8)) {
        case 0: return pick(words);
        case 1: return pick(['\\s+', ' ', '\\.', '.', '[a-c]', '\\b', '\\d']);
        case 2: return pick(words) + pick(['?', '*', '+', '{2}', '{0,1}', '']);
        case 3: return pick(['^', '$', '']);
        case 4: return pick(words) + ' ' + pick(words);
        case 5: return `(?:${alt(depth + 1)})${pick(['', '?', '+', '*'])}`;
        case 6: return `(${alt(depth + 1)})`;
        default: return `(?${pick(['=', '!'])}${alt(depth + 1)})`;
      }
    };
    const seq = (depth: number) => Array.from({ length: 1 + rnd(3) }, () => atom(depth)).join('');
    const alt = (depth: number) => Array.from({ length: 1 + rnd(2) }, () => seq(depth)).join('|');
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const re = new RegExp(alt(0), pick(['', 'i', 'm', 'im']));
      const clauses = requiredText(re);
      if (!clauses) continue;
      for (let k = 0; k < 20; k++) {
        // texts made of the same pieces, so that matches are common
        const text = Array.from({ length: 1 + rnd(12) }, () => pick([...words, 'ABCD', 'aBcDe', ' ', '\n', '.', '1', 'x', 'a', 'b'])).join(pick(['', '', ' ', '\n']));
        if (re.test(text)) checked++;
        expect(sound(re, text), `${re} on ${JSON.stringify(text)}`).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('screened expressions', () => {
  it('answer as the expression does', () => {
    const s = screened(/\bclick (?:here|on the link) to (?:release|retrieve)\b/i);
    expect(s.test('Please CLICK HERE TO RELEASE the mail')).toBe(true);
    expect(s.test('Please click here to read')).toBe(false);
    expect(s.mayMatch('nothing like it here')).toBe(false);
  });

  it('detection by text finds a sentence wrapped over lines, and not without its words', () => {
    const m = (text: string) => ({ m: { text } }) as unknown as Parameters<ReturnType<typeof textMatches>>[0];
    const t = textMatches(/This is the mail system at host /);
    expect(t(m('Hello\nThis is the mail\nsystem at   host mx.example.org'))).toBe(true);
    expect(t(m('This is the mail server at host mx.example.org'))).toBe(false);
  });
});
