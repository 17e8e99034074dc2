import { describe, it, expect } from 'vitest';
import { classify, type ClassifyInput } from '../src/classify/classify.js';

const input = (over: Partial<ClassifyInput>): ClassifyInput => ({
  status: null,
  smtpCode: 550,
  diagnostic: null,
  action: 'failed',
  command: null,
  ...over,
});

describe('classify: when "user unknown" means a dead address', () => {
  it('is an unknown user when answered to RCPT TO', () => {
    const c = classify(input({ diagnostic: '<a@example.org>: User unknown', command: 'RCPT' }));
    expect(c).toMatchObject({ reason: 'userunknown', type: 'hard' });
  });

  it('is an unknown user when the enhanced status blames the address (5.1.x)', () => {
    expect(classify(input({ diagnostic: 'User unknown', status: '5.1.1' }))).toMatchObject({ reason: 'userunknown', type: 'hard' });
    expect(classify(input({ diagnostic: 'Address rejected.', status: '5.1.0' }))).toMatchObject({ reason: 'userunknown', type: 'hard' });
    expect(classify(input({ diagnostic: 'Remote server returned unknown recipient', status: '5.1.351' }))).toMatchObject({
      reason: 'userunknown',
    });
  });

  it('is a filter when said after the message was seen, or at a stage not known', () => {
    expect(classify(input({ diagnostic: 'User unknown', command: 'DATA' }))).toMatchObject({ reason: 'filtered', type: 'soft' });
    expect(classify(input({ diagnostic: '<a@example.org> No such user here' }))).toMatchObject({ reason: 'filtered', type: 'soft' });
    expect(classify(input({ diagnostic: 'Requested action not taken: mailbox unavailable', status: '5.0.0' }))).toMatchObject({
      reason: 'filtered',
      type: 'soft',
    });
  });

  it("takes the mailbox host's own directory words at any stage but MAIL FROM", () => {
    const owner = [
      "The email account that you tried to reach does not exist. Please try double-checking the recipient's email address",
      'RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
      'The recipient name is not recognized',
      'mail.local: unknown user: kijitora',
    ];
    for (const diagnostic of owner) {
      expect(classify(input({ diagnostic, status: '5.0.0' })), diagnostic).toMatchObject({ reason: 'userunknown', type: 'hard' });
      expect(classify(input({ diagnostic, command: 'DATA' })), diagnostic).toMatchObject({ reason: 'userunknown' });
    }
    expect(classify(input({ diagnostic: owner[1], command: 'MAIL' })).reason).not.toBe('userunknown');
  });

  it('reads au (KDDI) replies by whether they name the address', () => {
    const at = { address: 'someone@ezweb.ne.jp', status: '5.0.0' };
    expect(classify(input({ ...at, diagnostic: '550 <someone@ezweb.ne.jp>: User unknown' }))).toMatchObject({
      reason: 'userunknown',
      rule: 'provider:au',
    });
    expect(classify(input({ ...at, diagnostic: '550 : User unknown' }))).toMatchObject({ reason: 'filtered', rule: 'provider:au' });
  });

  it('never calls a refusal at MAIL FROM an unknown user', () => {
    expect(classify(input({ diagnostic: 'User unknown', command: 'MAIL', status: '5.1.1' })).reason).not.toBe('userunknown');
  });
});

describe('classify: a filter that names what it found', () => {
  it('is spam when the content filter says spam, a filter otherwise', () => {
    const at = { command: 'DATA', status: '5.7.1' };
    expect(classify(input({ ...at, diagnostic: '550 5.7.1 Message rejected as spam by Content Filtering.' })).reason).toBe('spamdetected');
    expect(classify(input({ ...at, diagnostic: '550 5.7.1 Message rejected by content filter' })).reason).toBe('filtered');
  });
});
