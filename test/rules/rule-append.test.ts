// Adding a rule to a rule file (the dashboard's review queue): appended with the file's comments
// and layout kept, checked as `rebound rules check` would, written whole; and [ui] rulesFile must
// be one of the files the classifier reads.
import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendPhraseText, readRuleText, writeRuleText } from '../../src/config/rule-append.js';
import { parseRuleText } from '../../src/config/rule-files.js';
import { createClassifier } from '../../src/classify/classifier.js';
import { loadConfig } from '../../src/config/load.js';
import { configError } from '../helpers/config.js';

const FILE = '# local rules\n[[phrase]]\nreason = "blocked"   # why: our relay\ntext = "go away"\n';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('appending a phrase to a rule file', () => {
  it('keeps the text as it was, adds a comment and the table, and names the new rule by its line', () => {
    const r = appendPhraseText(FILE, 'rules/local.toml', { reason: 'mailboxfull', text: 'Tray Is Stuffed', commands: ['rcpt'], status: '5.2' }, 'by ui:alice');
    expect(r.text).toBe(`${FILE}\n# by ui:alice\n[[phrase]]\nreason = "mailboxfull"\ntext = "Tray Is Stuffed"\ncommands = [ "rcpt" ]\nstatus = "5.2"\n`);
    expect(r.phrase).toMatchObject({ id: 'rules/local.toml:7', reason: 'mailboxfull', text: 'tray is stuffed', commands: ['RCPT'], status: '5.2' });
    expect(r.rules.phrases).toHaveLength(2);
    const c = createClassifier(r.rules);
    expect(c.classify({ status: '5.2.0', smtpCode: 552, diagnostic: 'the tray is stuffed', action: 'failed', command: 'RCPT', remoteMta: null, address: null })).toMatchObject({ reason: 'mailboxfull', rule: 'rules/local.toml:7' });
  });

  it('writes values as TOML strings: quotes and new lines in them cannot make another table', () => {
    const r = appendPhraseText('', 'x.toml', { reason: 'blocked', text: 'a "b"\n[[phrase]]\nreason = "delivered"' }, 'multi\nline comment');
    expect(r.rules.phrases).toHaveLength(1);
    expect(r.phrase.text).toBe('a "b"\n[[phrase]]\nreason = "delivered"');
    expect(r.text.split('\n')[0]).toBe('# multi line comment');
  });

  it('refuses an unsafe pattern, an unknown reason, both text and pattern, a text too short: naming what is wrong', () => {
    expect(() => appendPhraseText(FILE, 'l.toml', { reason: 'blocked', pattern: '(a+)+$' }, 'c')).toThrow(/^l\.toml:9: phrase #2 pattern: pattern refused: /);
    expect(() => appendPhraseText(FILE, 'l.toml', { reason: 'nosuchreason', text: 'abcdef' }, 'c')).toThrow(/l\.toml:8: phrase #2 reason/);
    expect(() => appendPhraseText(FILE, 'l.toml', { reason: 'blocked', text: 'abcd', pattern: 'abcd' }, 'c')).toThrow(/either text .* or pattern/);
    expect(() => appendPhraseText(FILE, 'l.toml', { reason: 'blocked', text: 'no' }, 'c')).toThrow(/too short/);
    // a file that is bad already: its own error, not the new rule's
    expect(() => appendPhraseText('[[phrase]]\nreason = 1\n', 'bad.toml', { reason: 'blocked', text: 'abcdef' }, 'c')).toThrow(/^bad\.toml:2: phrase #1 reason/);
  });

  it('replaces the file whole, leaving no temporary file', () => {
    const d = (dir = mkdtempSync(join(tmpdir(), 'rebound-append-')));
    writeFileSync(join(d, 'local.toml'), FILE);
    const r = appendPhraseText(readRuleText('local.toml', d), 'local.toml', { reason: 'blocked', text: 'closed today' }, 'c');
    writeRuleText('local.toml', r.text, d);
    expect(readFileSync(join(d, 'local.toml'), 'utf8')).toBe(r.text);
    expect(parseRuleText(readFileSync(join(d, 'local.toml'), 'utf8'), 'local.toml').phrases).toHaveLength(2);
    expect(readdirSync(d)).toEqual(['local.toml']);
  });
});

describe('[ui] rulesFile', () => {
  const config = (toml: string) => {
    const d = (dir = mkdtempSync(join(tmpdir(), 'rebound-append-')));
    writeFileSync(join(d, 'rebound.toml'), toml);
    return () => loadConfig({ file: join(d, 'rebound.toml'), env: {}, cwd: d });
  };

  it('must be among [classify] rules', () => {
    const e = configError(config('[classify]\nrules = ["rules/a.toml"]\n[ui]\nrulesFile = "rules/local.toml"\n'));
    expect(e.message).toBe('ui.rulesFile: "rules/local.toml" is not among [classify] rules ("rules/a.toml"): add it there too');
    expect(config('[classify]\nrules = ["rules/a.toml", "rules/local.toml"]\n[ui]\nrulesFile = "rules/local.toml"\n')().ui.rulesFile).toBe('rules/local.toml');
  });
});
