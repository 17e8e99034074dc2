import { describe, it, expect } from 'vitest';
import { classify } from '../src/classify/classifier.js';
import type { ClassifyInput } from '../src/classify/classify.js';
import { splitDiagnostic } from '../src/smtp-codes/reply-text.js';

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
      rule: expect.stringMatching(/^builtin:provider-au#/),
    });
    expect(classify(input({ ...at, diagnostic: '550 : User unknown' }))).toMatchObject({ reason: 'filtered', rule: expect.stringMatching(/^builtin:provider-au#/) });
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

describe('classify: words that are easy to misread', () => {
  it('a block list named after spam lists the sender: blocked, not spam', () => {
    const c = classify(input({ status: '5.7.1', smtpCode: 554, command: 'RCPT', diagnostic: '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org' }));
    expect(c.reason).toBe('blocked');
    expect(classify(input({ status: '5.7.1', command: 'RCPT', diagnostic: 'Blocked - see bl.spamcop.net' })).reason).toBe('blocked');
    expect(classify(input({ status: '5.7.1', command: 'DATA', diagnostic: 'Message rejected as spam' })).reason).toBe('spamdetected');
  });

  it('5.4.1 is a relay refusal, unless the words say the recipient does not exist (Exchange Online)', () => {
    expect(classify(input({ status: '5.4.1', command: 'RCPT', diagnostic: '550 5.4.1 Relay access denied' })).reason).toBe('norelaying');
    const dbeb = '550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [DM6NAM10FT012.eop-nam10.prod.protection.outlook.com]';
    expect(classify(input({ status: '5.4.1', command: 'RCPT', diagnostic: dbeb }))).toMatchObject({ reason: 'userunknown', type: 'hard' });
  });

  it('reads unknown users and full mailboxes in other languages', () => {
    for (const diagnostic of ['550 Conta de email inexistente', '550 El usuario no existe', '550 Пользователь не найден', '550 收件人不存在', '550 Empfänger unbekannt']) {
      expect(classify(input({ command: 'RCPT', diagnostic })).reason, diagnostic).toBe('userunknown');
    }
    for (const diagnostic of ['552 Caixa postal cheia', '552 Buzón lleno', '552 Postfach voll', '552 邮箱已满']) {
      expect(classify(input({ smtpCode: 552, command: 'RCPT', diagnostic })).reason, diagnostic).toBe('mailboxfull');
    }
  });

  it('a rate is a rate limit even in a status that names a suspended account', () => {
    const d = '450 4.2.1 The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time.';
    expect(classify(input({ status: '4.2.1', smtpCode: 450, command: 'RCPT', diagnostic: d })).reason).toBe('ratelimited');
    expect(classify(input({ status: '5.2.1', command: 'RCPT', diagnostic: '550 5.2.1 The email account that you tried to reach is disabled.' })).reason).toBe('suspend');
  });

  it('"Recipient address rejected" is about the recipient, "Sender address rejected" about the sender', () => {
    const moved = classify(input({ status: '5.1.1', command: 'RCPT', diagnostic: '550 5.1.1 <a@example.org>: Recipient address rejected: mailbox moved' }));
    expect(moved).toMatchObject({ reason: 'hasmoved', type: 'hard' });
    const other = classify(input({ status: '5.1.1', command: 'RCPT', diagnostic: '550 5.1.1 <a@example.org>: Recipient address rejected: see the policy' }));
    expect(other).toMatchObject({ reason: 'userunknown', type: 'hard' });
    expect(classify(input({ status: '5.1.8', command: 'MAIL', diagnostic: '553 5.1.8 <x@y.example>: Sender address rejected: Domain not found' })).reason).toBe('rejected');
  });

  it('"x.example does not exist" is a domain, "user a@x.example does not exist" a user', () => {
    expect(classify(input({ command: 'RCPT', diagnostic: '550 nosuch.example does not exist' })).reason).toBe('hostunknown');
    expect(classify(input({ command: 'RCPT', diagnostic: '550 user omar@zimbra.example does not exist' })).reason).toBe('userunknown');
    expect(classify(input({ command: 'RCPT', diagnostic: '550 <omar@zimbra.example> does not exist' })).reason).not.toBe('hostunknown');
  });

  it("551 'User not local; please try <forward-path>' names the new address: hasmoved", () => {
    expect(classify(input({ smtpCode: 551, command: 'RCPT', diagnostic: '551 User not local; please try <new@example.org>' }))).toMatchObject({ reason: 'hasmoved', type: 'hard' });
  });

  it('a refusal at the greeting is a block, whatever its status class', () => {
    expect(classify(input({ status: '4.7.0', smtpCode: 421, command: 'EHLO', diagnostic: '421 4.7.0 Try again later, closing connection. (EHLO)' }))).toMatchObject({
      reason: 'blocked',
      rule: 'builtin:blocked#greeting',
    });
    expect(classify(input({ status: '4.7.0', smtpCode: 421, command: 'DATA', diagnostic: '421 4.7.0 Try again later' })).reason).toBe('securityerror');
  });
});

describe('splitDiagnostic', () => {
  it('cuts the reply code and status off the text, however the server wrote them', () => {
    expect(splitDiagnostic('550-5.1.1 The email account that you tried to reach does not exist. 550 5.1.1 Please try again')).toEqual({
      smtpCode: 550,
      status: '5.1.1',
      text: 'The email account that you tried to reach does not exist. Please try again',
    });
    expect(splitDiagnostic('554: delivery error: dd Requested mail action aborted, mailbox not found')).toEqual({
      smtpCode: 554,
      status: null,
      text: 'delivery error: dd Requested mail action aborted, mailbox not found',
    });
    expect(splitDiagnostic('host mx.example.org said: 550 #5.1.0 Address rejected.')).toMatchObject({ smtpCode: 550, status: '5.1.0' });
  });
  it('reads no reply code in a phone number or a count ("+1 555 0100"), but one repeated before its status', () => {
    expect(splitDiagnostic('If you need help, call +1 555 0100. See the help pages.').smtpCode).toBeNull();
    expect(splitDiagnostic('Over quota: 452 1024 messages stored').smtpCode).toBeNull();
    expect(splitDiagnostic('550 550 5.1.1 User unknown')).toMatchObject({ smtpCode: 550, status: '5.1.1' });
    expect(splitDiagnostic('deferred: 451 4.3.0 try later')).toMatchObject({ smtpCode: 451, status: '4.3.0' });
  });
});
