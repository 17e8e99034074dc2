// The phrase index finds, in one pass, where each phrase first occurs: the same answer as
// indexOf for each phrase, whatever the phrases (short, empty, overlapping, repeated, non-ASCII).
import { describe, expect, it } from 'vitest';
import { PhraseIndex } from '../src/classify/phrase-index.js';

describe('PhraseIndex', () => {
  const phrases = ['user unknown', 'unknown', 'un', 'x', '', 'mailbox full', 'box', 'ボックス', 'no such user', 'such', 'user unknown'];

  it('gives each phrase one id, the same for the same phrase', () => {
    const index = new PhraseIndex();
    const ids = phrases.map((p) => index.add(p));
    expect(ids[0]).toBe(ids[10]);
    expect(new Set(ids).size).toBe(phrases.length - 1);
    expect(index.size).toBe(phrases.length - 1);
  });

  it('finds where each phrase first occurs, as indexOf does', () => {
    const index = new PhraseIndex();
    const ids = phrases.map((p) => index.add(p));
    const texts = ['550 5.1.1 <a@b>: user unknown; no such user here, unknown user', 'the mailbox is full', 'メールボックスがいっぱい', '', 'x', 'nothing to see'];
    for (const text of texts) {
      const found = index.scan(text);
      phrases.forEach((p, i) => expect(found[ids[i]!], `${JSON.stringify(p)} in ${JSON.stringify(text)}`).toBe(text.indexOf(p)));
    }
  });

  it('takes phrases added after a scan', () => {
    const index = new PhraseIndex();
    const a = index.add('relay denied');
    expect(index.scan('relay denied')[a]).toBe(0);
    const b = index.add('denied');
    const found = index.scan('550 relay denied');
    expect([found[a], found[b]]).toEqual([4, 10]);
  });
});

describe('the built-in phrase expressions', () => {
  // rule-book.ts joins a group's expressions into one, each as a capturing group, and reads which
  // one matched from the group numbers: an expression with a capturing group of its own would
  // shift them (and name the wrong phrase)
  it('have no capturing group of their own', async () => {
    const { REASON_RULES } = await import('../src/classify/reasons/index.js');
    const expressions = REASON_RULES.flatMap((r) => r.phrases.flatMap((g) => g.text.filter((p): p is RegExp => typeof p !== 'string')));
    expect(expressions.length).toBeGreaterThan(0);
    for (const re of expressions) expect(new RegExp(`${re.source}|`).exec('')!.length, re.source).toBe(1);
  });
});
