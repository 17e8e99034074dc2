// The classifier remembers the answer for identical facts (classifier.ts): the memo must never
// change an answer, nor let one caller's copy reach another's.
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../src/classify/classifier.js';
import type { ClassifyInput } from '../src/classify/classify.js';

const facts = (address: string): ClassifyInput => ({
  status: '5.0.0', smtpCode: 550, diagnostic: '550 5.0.0 recipient no longer on server', action: 'failed', address,
});

describe('classifier memo', () => {
  it('answers identical facts identically, each time with its own object', () => {
    const classifier = createClassifier();
    const first = classifier.classify(facts('a@icloud.com'));
    first.reason = 'mailboxfull';
    const second = classifier.classify(facts('a@icloud.com'));
    expect(second.reason).toBe('hasmoved');
    expect(second.rule).toBe('builtin:provider-apple#1');
    expect(second).not.toBe(first);
  });

  it('keys on the recipient domain: a provider chosen by it still decides', () => {
    const classifier = createClassifier();
    expect(classifier.classify(facts('a@icloud.com')).rule).toBe('builtin:provider-apple#1');
    expect(classifier.classify(facts('a@example.org')).rule).not.toBe('builtin:provider-apple#1');
    expect(classifier.classify(facts('b@ICLOUD.com')).rule).toBe('builtin:provider-apple#1');
  });

  it('gives long diagnostics the same answer as a fresh classifier', () => {
    const long = { ...facts('a@example.org'), diagnostic: `550 5.1.1 user unknown ${'x'.repeat(5000)}` };
    expect(createClassifier().classify(long)).toEqual(createClassifier().classify(long));
    const c = createClassifier();
    expect(c.classify(long)).toEqual(c.classify(long));
  });
});
