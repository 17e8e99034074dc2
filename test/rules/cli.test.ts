// `rebound rules test|list|check` and rule files in the configuration, as users run the built CLI.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, runCli } from '../helpers/cli.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let dir: string;
beforeAll(() => {
  ensureBuilt(['cli/rules.js']);
  dir = mkdtempSync(join(tmpdir(), 'rebound-rules-cli-'));
  writeFileSync(join(dir, 'local.toml'), '[[phrase]]\nreason = "mailboxfull"\ntext = "casella esaurita"\n');
  writeFileSync(join(dir, 'bad.toml'), '[[phrase]]\nreason = "mailboxfull"\ntext = "x"\n\n[[phrase]]\nreason = "nosuch"\ntext = "y"\n');
  writeFileSync(join(dir, 'good.toml'), `[classify]\nrules = ["${join(dir, 'local.toml')}"]\n\n[policy]\nsenderReasons = ["blocked", "speeding", "toomanyconn", "mesgtoobig"]\n`);
  writeFileSync(join(dir, 'broken.toml'), `[classify]\nrules = ["${join(dir, 'bad.toml')}"]\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { REBOUND_DB_PATH: '/nonexistent/never-created.db' };

describe('rebound rules test', () => {
  it('prints the reason, the type and the rule that fired', async () => {
    const r = await runCli(['rules', 'test', '550 5.1.1 <a@x.example>: user unknown', '--command', 'RCPT'], env);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout).toBe('reason  userunknown\ntype    hard\nrule    builtin:userunknown#status-1.1  status 1.1\n        never at MAIL; unless the text says norelaying, blocked, mailboxfull, hasmoved, rejected, notaccept, ratelimited, spamdetected, badreputation, policyviolation, securityerror, virusdetected, contenterror, networkerror, expired, systemerror\n');
  });

  it('as JSON, with the configured rule files', async () => {
    const r = await runCli(['--config', join(dir, 'good.toml'), 'rules', 'test', '552 Casella esaurita', '--remote-mta', 'mx.esempio.it', '--json'], env);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      reason: 'mailboxfull',
      type: 'soft',
      rule: `${join(dir, 'local.toml')}:1`,
      match: '"casella esaurita"',
      input: { smtpCode: 552, remoteMta: 'mx.esempio.it', diagnostic: 'Casella esaurita' },
    });
    const plain = await runCli(['rules', 'test', '552 Casella esaurita', '--json'], env);
    expect(JSON.parse(plain.stdout).rule).toMatch(/^builtin:/);
  });

  it('refuses an unknown stage', async () => {
    const r = await runCli(['rules', 'test', '550 no', '--command', 'HELLO'], env);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^rebound: --command: expected one of CONN/);
  });
});

describe('rebound rules list and check', () => {
  it('lists the rules of a reason, an older name taken as the current one', async () => {
    const r = await runCli(['--config', join(dir, 'good.toml'), 'rules', 'list', '--reason', 'mesgtoobig'], env);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines) expect(l.split('  ')[1]).toBe('emailtoolarge');
    expect(lines.some((l) => l.startsWith('builtin:emailtoolarge#phrase-1  emailtoolarge  "message too big"'))).toBe(true);
    const mine = await runCli(['--config', join(dir, 'good.toml'), 'rules', 'list', '--reason', 'mailboxfull', '--json'], env);
    expect(JSON.parse(mine.stdout)).toContainEqual({ id: `${join(dir, 'local.toml')}:1`, reason: 'mailboxfull', match: '"casella esaurita"', when: [] });
  });

  it('checks a rule file: exit 0 with what it holds, exit 2 naming the line', async () => {
    const ok = await runCli(['rules', 'check', join(dir, 'local.toml')], env);
    expect(ok).toMatchObject({ status: 0, stdout: `${join(dir, 'local.toml')}: 1 phrase(s), 0 provider table(s) with 0 code(s)\n` });
    const bad = await runCli(['rules', 'check', join(dir, 'bad.toml')], env);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(new RegExp(`^rebound: ${join(dir, 'bad.toml')}:6: phrase #2 reason: unknown reason 'nosuch'`));
  });

  it('a bad rule file in the configuration stops the commands that classify, naming the line', async () => {
    for (const args of [['config', 'check'], ['parse', join(dir, 'local.toml')], ['rules', 'test', '550 x']]) {
      const r = await runCli(['--config', join(dir, 'broken.toml'), ...args], env);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(new RegExp(`^rebound: ${join(dir, 'bad.toml')}:6: phrase #2 reason: unknown reason 'nosuch'`));
    }
    const ok = await runCli(['--config', join(dir, 'good.toml'), 'config', 'check'], env);
    expect(ok).toMatchObject({ status: 0 });
    expect(ok.stdout).toMatch(/, 1 rule file\n$/);
  });

  it('older reason names in the policy settings are taken as the current ones', async () => {
    const r = await runCli(['--config', join(dir, 'good.toml'), 'config', 'print', '--json'], env);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).policy.senderReasons).toEqual(['blocked', 'ratelimited', 'emailtoolarge']);
  });
});
