// User rule files: a rule changes a result, the precedence between user and built-in rules, a bad
// file names its line, an unsafe pattern is refused and a catastrophic one could not hang anyway.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBounce } from '../../src/parse-and-classify.js';
import { createClassifier } from '../../src/classify/classifier.js';
import { unsafePattern } from '../../src/classify/safe-pattern.js';
import { loadRuleFiles, parseRuleText } from '../../src/config/rule-files.js';
import { ConfigError } from '../../src/config/error.js';
import { dsn } from '../helpers.js';

const italian = `# an Italian provider
[[phrase]]
reason = "mailboxfull"
text = "Casella esaurita"

[[phrase]]
reason = "speeding"             # an older name: ratelimited
pattern = "troppi messaggi.{0,20}minuto"
commands = ["rcpt"]
`;

const full = (to: string) => dsn(to, { status: '5.0.0', diagnostic: '550 5.0.0 <' + to + '>: casella esaurita, riprovare' });

describe('a user rule', () => {
  it('changes what a bounce is classified as, and names the rule that decided', () => {
    const raw = full('mario@esempio.it');
    const before = parseBounce(raw).recipients[0]!;
    expect(before.reason).not.toBe('mailboxfull');
    const classifier = createClassifier(parseRuleText(italian, 'rules/local.toml'));
    const after = parseBounce(raw, classifier).recipients[0]!;
    expect(after).toMatchObject({ reason: 'mailboxfull', type: 'soft', rule: 'rules/local.toml:2' });
  });

  it('takes an older reason name as the current one, and holds only at its commands', () => {
    const c = createClassifier(parseRuleText(italian, 'local.toml'));
    const at = (command: string | null) =>
      c.classify({ status: '4.0.0', smtpCode: 450, diagnostic: 'troppi messaggi al minuto', action: 'delayed', command });
    expect(at('RCPT')).toMatchObject({ reason: 'ratelimited', rule: 'local.toml:6' });
    expect(at('DATA').rule).not.toBe('local.toml:6');
  });

  it('applies in order: user provider codes, built-in providers, user phrases, built-in reasons', () => {
    const rules = parseRuleText(
      `[[phrase]]
reason = "blocked"
text = "mailbox unavailable"

[[phrase]]
reason = "policyviolation"
text = "requested action not taken"
provider = "outlook.com"
status = "5.1"

[[provider]]
name = "example-isp"
hosts = ["isp.example"]
[provider.codes]
"ISP-421" = "mailboxfull"
`,
      'r.toml',
    );
    const c = createClassifier(rules);
    const base = { status: '5.1.1', smtpCode: 550, action: 'failed' as const, command: 'RCPT' };
    // a user provider code beats everything else
    expect(c.classify({ ...base, diagnostic: 'ISP-421 mailbox unavailable', remoteMta: 'mx2.isp.example' })).toMatchObject({ reason: 'mailboxfull', rule: 'r.toml:15' });
    // a built-in provider beats a user phrase (Microsoft's "mailbox unavailable" is an unknown user)
    expect(c.classify({ ...base, diagnostic: 'Requested action not taken: mailbox unavailable', remoteMta: 'mx.outlook.com' }).rule).toMatch(/^builtin:provider-microsoft#/);
    // a user phrase beats the built-in reasons (which would say userunknown)
    expect(c.classify({ ...base, diagnostic: 'mailbox unavailable', remoteMta: 'mx.other.example' })).toMatchObject({ reason: 'blocked', rule: 'r.toml:1' });
    // a phrase's provider and status limits
    const limited = { ...base, diagnostic: 'requested action not taken', address: 'a@outlook.com' };
    expect(c.classify({ ...limited, remoteMta: null }).rule).toBe('r.toml:5');
    expect(c.classify({ ...limited, address: 'a@other.example' }).rule).not.toBe('r.toml:5');
    expect(c.classify({ ...limited, status: '5.7.1' }).rule).not.toBe('r.toml:5');
  });

  it('may set the bounce type', () => {
    const c = createClassifier(parseRuleText('[[phrase]]\nreason = "suspend"\ntext = "account closed for good"\ntype = "hard"\n', 'x.toml'));
    expect(c.classify({ status: '5.2.1', smtpCode: 550, diagnostic: 'Account closed for good', action: 'failed', command: 'RCPT' })).toMatchObject({ reason: 'suspend', type: 'hard' });
  });

  it('changes the fingerprint that goes into the parser version', () => {
    const a = createClassifier();
    const b = createClassifier(parseRuleText(italian, 'local.toml'));
    const c = createClassifier(parseRuleText(italian.replace("Casella esaurita", "spazio finito"), 'local.toml'));
    expect(new Set([a.fingerprint, b.fingerprint, c.fingerprint]).size).toBe(3);
    expect(createClassifier(parseRuleText(italian, 'local.toml')).fingerprint).toBe(b.fingerprint);
  });
});

describe('a bad rule file', () => {
  const problem = (text: string) => {
    try {
      parseRuleText(text, 'rules/bad.toml');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error('accepted');
  };

  it('names the file, the line and what is wrong', () => {
    expect(problem('[[phrase]]\nreason = "mailboxfull"\ntext = "x"\n\n[[phrase]]\nreason = "nosuch"\ntext = "y"\n')).toMatch(/^rules\/bad\.toml:6: phrase #2 reason: unknown reason 'nosuch'/);
    expect(problem('[[phrase]]\nreason = "mailboxfull"\n')).toMatch(/^rules\/bad\.toml:1: phrase #1: give either text/);
    expect(problem('[[phrase]]\nreason = "mailboxfull"\ntext = "x"\ncommand = ["RCPT"]\n')).toMatch(/^rules\/bad\.toml:1: phrase #1: Unrecognized key/);
    expect(problem('[[phrase]]\nreason = "mailboxfull"\ntext = "x"\nstatus = "5.x"\n')).toMatch(/^rules\/bad\.toml:4: phrase #1 status: expected a status class/);
    expect(problem('[[provider]]\nhosts = ["isp.example"]\n[provider.codes]\n"A-1" = "mailboxfull"\n"A-2" = "nope"\n')).toMatch(/^rules\/bad\.toml:5: provider #1 codes A-2: unknown reason 'nope'/);
    expect(problem('[[phrase]\nreason = 1\n')).toMatch(/^rules\/bad\.toml:1: not valid TOML/);
    expect(problem('[rules]\nx = 1\n')).toMatch(/^rules\/bad\.toml:1: .*Unrecognized key/);
  });

  it('that cannot be read is named', () => {
    expect(() => loadRuleFiles(['no/such/rules.toml'])).toThrow(/^no\/such\/rules\.toml: cannot read the rule file/);
  });

  it('with a catastrophic pattern is refused', () => {
    expect(problem('[[phrase]]\nreason = "blocked"\npattern = "(a+)+$"\n')).toMatch(/^rules\/bad\.toml:3: phrase #1 pattern: pattern refused: a repeated group/);
    expect(problem('[[phrase]]\nreason = "blocked"\npattern = "(\\\\w+)\\\\1"\n')).toMatch(/backreferences/);
    expect(problem('[[phrase]]\nreason = "blocked"\npattern = "(?=a)b"\n')).toMatch(/lookahead/);
    expect(problem('[[phrase]]\nreason = "blocked"\npattern = "[a-"\n')).toMatch(/not a valid regular expression/);
  });
});

describe('pattern safety', () => {
  it('refuses nested and ambiguous repetition and too much backtracking', () => {
    for (const p of ['(a+)+$', '(a|aa)*b', '(?:x*)*', '(.*a){3}', 'a.*b.*c.*d', '\\s+\\S+\\s+']) expect(unsafePattern(p), p).not.toBeNull();
    for (const p of ['casella\\s+piena', 'mailbox.{0,40}full', 'es-\\d{3}', '(?:quota|full)', '[(]+']) expect(unsafePattern(p), p).toBeNull();
  });

  it('keeps an accepted pattern fast on the worst text', () => {
    // one unbounded repetition on a long text that almost matches, every time
    const c = createClassifier(parseRuleText('[[phrase]]\nreason = "blocked"\npattern = "a.*b$"\n', 'p.toml'));
    const text = 'a'.repeat(100_000);
    const t0 = performance.now();
    expect(c.classify({ status: '5.0.0', smtpCode: 550, diagnostic: text, action: 'failed', command: 'RCPT' }).rule).not.toBe('p.toml:1');
    expect(performance.now() - t0).toBeLessThan(2_000);
  });

  it('reads rule files from disk in order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rebound-rules-'));
    try {
      writeFileSync(join(dir, 'a.toml'), '[[phrase]]\nreason = "mailboxfull"\ntext = "piena"\n');
      writeFileSync(join(dir, 'b.toml'), '[[phrase]]\nreason = "suspend"\ntext = "piena"\n');
      const rules = loadRuleFiles(['a.toml', 'b.toml'], dir);
      expect(rules.phrases.map((p) => p.id)).toEqual(['a.toml:1', 'b.toml:1']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
