import { describe, it, expect } from 'vitest';
import { explainCode, formatExplanation } from '../src/classify/explain.js';
import { REPLY_CODES, replyCodeInfo } from '../src/smtp-codes/reply-codes.js';
import { STATUS_CODES, statusInfo } from '../src/smtp-codes/status-codes.js';
import { VAGUE_STATUS_REASONS, STATUS_REASONS, reasonForStatus } from '../src/classify/statuses.js';
import { REASONS } from '../src/parse/types.js';

describe('replyCodeInfo', () => {
  it('knows every RFC 5321 / RFC 7504 reply code', () => {
    const codes = [211, 214, 220, 221, 250, 251, 252, 354, 421, 450, 451, 452, 455,
      500, 501, 502, 503, 504, 521, 550, 551, 552, 553, 554, 555, 556];
    for (const c of codes) expect(REPLY_CODES[c], String(c)).toBeDefined();
  });

  it('classifies by first digit', () => {
    expect(replyCodeInfo(250)?.class).toBe('success');
    expect(replyCodeInfo(354)?.class).toBe('intermediate');
    expect(replyCodeInfo(421)?.class).toBe('transient');
    expect(replyCodeInfo(550)?.class).toBe('permanent');
  });

  it('falls back to the class for unregistered codes and rejects malformed ones', () => {
    const info = replyCodeInfo(459);
    expect(info).toMatchObject({ code: 459, class: 'transient', known: false });
    expect(replyCodeInfo(550)?.known).toBe(true);
    expect(replyCodeInfo(999)).toBeNull();
    expect(replyCodeInfo(161)).toBeNull();
    expect(replyCodeInfo(560)).toBeNull(); // second digit must be 0-5
    expect(replyCodeInfo(55.5)).toBeNull();
  });
});

describe('statusInfo', () => {
  it('has every registered detail per subject', () => {
    const ranges: Array<[number, number]> = [[0, 0], [1, 10], [2, 4], [3, 6], [4, 7], [5, 6], [6, 10], [7, 30]];
    for (const [subject, max] of ranges) {
      for (let d = 0; d <= max; d++) expect(STATUS_CODES[`${subject}.${d}`], `X.${subject}.${d}`).toBeDefined();
    }
    expect(Object.keys(STATUS_CODES)).toHaveLength(1 + 11 + 5 + 7 + 8 + 7 + 11 + 31);
  });

  it('every entry has a title, a one-line description and an RFC', () => {
    for (const [k, v] of Object.entries(STATUS_CODES)) {
      expect(v.title, k).not.toBe('');
      expect(v.description, k).not.toMatch(/\n/);
      expect(v.rfc, k).toMatch(/^RFC \d{4}$/);
    }
    expect(STATUS_CODES['7.26']!.rfc).toBe('RFC 7372');
    expect(STATUS_CODES['1.10']!.rfc).toBe('RFC 7505');
    expect(STATUS_CODES['7.30']!.rfc).toBe('RFC 8689');
  });

  it('parses class, subject and detail', () => {
    expect(statusInfo('5.1.1')).toMatchObject({
      code: '5.1.1', class: 'permanent', subject: 1, detail: 1, title: 'Bad destination mailbox address',
    });
    expect(statusInfo('4.2.2')?.class).toBe('transient');
    expect(statusInfo('2.0.0')?.class).toBe('success');
    expect(statusInfo('5.01.001')?.code).toBe('5.1.1');
  });

  it('falls back to the subject for unregistered details', () => {
    const info = statusInfo('5.7.99');
    expect(info?.entry).toBeNull();
    expect(info?.subjectMeaning).toBe('Security or policy status');
    expect(info?.title).toMatch(/Security or policy status/);
    expect(statusInfo('4.9.1')?.subjectMeaning).toBe('Unregistered subject');
  });

  it('rejects anything that is not exactly C.S.D', () => {
    for (const bad of ['9.9.9', '3.1.1', '5.1', '5.1.1.1', ' 5.1.1', '5.1.1 ', '#5.1.1', '5.1.1000', '']) {
      expect(statusInfo(bad), bad).toBeNull();
    }
  });
});

describe('reasonForStatus', () => {
  it('maps only to valid reasons', () => {
    for (const r of Object.values(STATUS_REASONS)) expect(REASONS).toContain(r);
    // keys are 'subject.detail', or a whole 'class.subject.detail' where the class changes the meaning
    for (const k of Object.keys(STATUS_REASONS)) expect(STATUS_CODES[k.split('.').slice(-2).join('.')], k).toBeDefined();
  });

  it('ignores the class for failures unless a whole code says otherwise', () => {
    expect(reasonForStatus('5.1.1')).toBe('userunknown');
    expect(reasonForStatus('4.2.2')).toBe('mailboxfull');
    expect(reasonForStatus('5.2.2')).toBe('mailboxfull');
    expect(reasonForStatus('5.7.25')).toBe('requireptr');
    expect(reasonForStatus('5.4.7')).toBe('expired');
    expect(reasonForStatus('5.7.27')).toBe('notaccept');
    // mailbox disabled: a refusal when permanent, a suspended account when temporary
    expect(reasonForStatus('5.2.1')).toBe('filtered');
    expect(reasonForStatus('4.2.1')).toBe('suspend');
  });

  it('leaves generic codes to the text', () => {
    for (const c of ['5.0.0', '4.0.0', '4.7.0', '4.4.0', '5.7.99', '4.5.0']) {
      expect(reasonForStatus(c), c).toBeNull();
    }
    // a first guess that the classifier lets the server's text overrule
    expect(VAGUE_STATUS_REASONS.has(reasonForStatus('5.7.1')!)).toBe(true);
  });

  it('treats any 2.X.X as delivered', () => {
    expect(reasonForStatus('2.0.0')).toBe('delivered');
    expect(reasonForStatus('2.6.4')).toBe('delivered');
  });

  it('returns null for malformed input', () => {
    expect(reasonForStatus('9.9.9')).toBeNull();
    expect(reasonForStatus('user unknown')).toBeNull();
  });
});

describe('explainCode', () => {
  it('550 is a permanent reply code whose action depends on the text: suppress for an unknown user, else fix the sending', () => {
    const e = explainCode('550');
    expect(e).toMatchObject({ kind: 'reply', class: 'permanent', reason: null, action: 'depends' });
    expect(e.cases!.map((c) => c.action)).toEqual(['suppress', 'fix-sending']);
    expect(e.advice).toMatch(/server text/);
    expect(formatExplanation(e)).toMatch(/Action: +depends: suppress when the server text says the recipient is unknown .*; fix-sending when /);
  });

  it('never gives an action its advice contradicts', () => {
    const codes = [
      ...Array.from({ length: 400 }, (_, i) => String(200 + i)),
      ...[2, 4, 5].flatMap((c) => Array.from({ length: 8 }, (_, s) => Array.from({ length: 30 }, (_, d) => `${c}.${s}.${d}`)).flat()),
    ];
    for (const code of codes) {
      const e = explainCode(code);
      if (e.kind === 'unknown') continue;
      const actions = e.action === 'depends' ? e.cases!.map((c) => c.action) : [e.action];
      expect(e.cases === undefined, code).toBe(e.action !== 'depends');
      // (a temporary failure is retried first; its advice may say what to do if it persists)
      if (e.class === 'permanent' && /suppress the address/i.test(e.advice)) expect(actions, `${code}: ${e.advice}`).toContain('suppress');
      if (e.class === 'permanent' && /make it smaller/i.test(e.advice)) expect(actions, `${code}: ${e.advice}`).toContain('fix-sending');
      if (e.action === 'suppress') expect(e.advice, code).not.toMatch(/retry/i);
    }
  });

  it('421 is transient: retry', () => {
    expect(explainCode('421')).toMatchObject({ kind: 'reply', class: 'transient', action: 'retry' });
  });

  it('2xx and 3xx need nothing', () => {
    expect(explainCode('250')).toMatchObject({ class: 'success', action: 'none' });
    expect(explainCode('354')).toMatchObject({ class: 'intermediate', action: 'none' });
    expect(explainCode('2.0.0')).toMatchObject({ class: 'success', reason: 'delivered', action: 'none' });
  });

  it('5.1.1 is userunknown: suppress', () => {
    expect(explainCode('5.1.1')).toMatchObject({
      kind: 'enhanced', class: 'permanent', reason: 'userunknown', action: 'suppress',
    });
  });

  it('5.7.26 is authfailure: fix sending, naming SPF/DKIM/DMARC', () => {
    const e = explainCode('5.7.26');
    expect(e).toMatchObject({ reason: 'authfailure', action: 'fix-sending', reference: 'RFC 7372' });
    expect(e.advice).toMatch(/SPF/);
    expect(e.advice).toMatch(/DKIM/);
    expect(e.advice).toMatch(/DMARC/);
  });

  it('4.2.2 and 5.2.2 are mailboxfull: retry', () => {
    expect(explainCode('4.2.2')).toMatchObject({ class: 'transient', reason: 'mailboxfull', action: 'retry' });
    expect(explainCode('5.2.2')).toMatchObject({ class: 'permanent', reason: 'mailboxfull', action: 'retry' });
  });

  it('null MX codes suppress', () => {
    expect(explainCode('5.1.10')).toMatchObject({ reason: 'notaccept', action: 'suppress' });
    expect(explainCode('556')).toMatchObject({ reason: 'notaccept', action: 'suppress' });
    expect(explainCode('521')).toMatchObject({ reason: 'notaccept', action: 'suppress' });
  });

  it('5.7.1 is policy: fix sending', () => {
    expect(explainCode('5.7.1')).toMatchObject({ reason: 'securityerror', action: 'fix-sending' });
    expect(explainCode('5.7.25').advice).toMatch(/PTR/);
  });

  it('a transient auth failure retries but says what to fix', () => {
    const e = explainCode('4.7.26');
    expect(e.action).toBe('retry');
    expect(e.advice).toMatch(/SPF/);
  });

  it('unknown inputs are reported, never thrown', () => {
    for (const bad of ['hello', '', '999', '9.9.9', '5.1', '55']) {
      const e = explainCode(bad);
      expect(e.kind, bad).toBe('unknown');
      expect(e.class).toBeNull();
      expect(e.reason).toBeNull();
      expect(e.action).toBe('none');
      expect(e.meaning.length).toBeGreaterThan(10);
    }
  });

  it('tolerates surrounding whitespace but keeps the input', () => {
    const e = explainCode(' 5.1.1\n');
    expect(e.kind).toBe('enhanced');
    expect(e.input).toBe(' 5.1.1\n');
  });

  it('every registered enhanced code and reply code explains without unknowns', () => {
    for (const k of Object.keys(STATUS_CODES)) {
      for (const c of ['4', '5']) expect(explainCode(`${c}.${k}`).kind).toBe('enhanced');
    }
    for (const c of Object.keys(REPLY_CODES)) expect(explainCode(c).kind).toBe('reply');
  });
});

describe('formatExplanation', () => {
  it('prints code, meaning, reason, action and advice', () => {
    const out = formatExplanation(explainCode('5.1.1'));
    expect(out.split('\n')[0]).toBe('5.1.1  (enhanced status code, permanent)');
    expect(out).toMatch(/Meaning: Bad destination mailbox address/);
    expect(out).toMatch(/\[RFC 3463\]/);
    expect(out).toMatch(/Reason: +userunknown/);
    expect(out).toMatch(/Action: +suppress/);
  });

  it('omits reason and action for unknown input', () => {
    const out = formatExplanation(explainCode('nope'));
    expect(out).not.toMatch(/Action:/);
    expect(out).toMatch(/Advice:/);
  });
});
