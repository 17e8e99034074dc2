// `rebound parse` with nothing configured classifies with the built-in rules without loading the
// configuration or the logger (their schema library alone cost a third of a short parse's start-up);
// with anything configured, a file or a REBOUND_* variable, the configuration is read and checked
// as for every other command, and its rule files apply.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist/cli.js');
let dir: string;

const BOUNCE = [
  'From: MAILER-DAEMON@mx.sender.example (Mail Delivery System)',
  'To: news@sender.example',
  'Subject: Undelivered Mail Returned to Sender',
  'Message-ID: <startup-1@mx.sender.example>',
  '',
  'This is the mail system at host mx.sender.example.',
  '',
  "I'm sorry to have to inform you that your message could not",
  'be delivered to one or more recipients.',
  '',
  '                   The mail system',
  '',
  '<lia@esempio.example>: host mx.esempio.example[192.0.2.1] said: 552 casella',
  '    esaurita (in reply to RCPT TO command)',
  '',
].join('\n');

beforeAll(() => {
  ensureBuilt(['cli/parse.js', 'cli/classifier-of.js']);
  dir = mkdtempSync(join(tmpdir(), 'rebound-parse-startup-'));
  writeFileSync(join(dir, 'bounce.eml'), BOUNCE);
  // a module hook that writes down every module the process loads
  writeFileSync(join(dir, 'hook.mjs'), `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(join(dir, 'loaded.txt'))}, r.url + '\\n'); return r; }\n`);
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hook.mjs')).href)});\n`);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function parse(cwd: string, env: Record<string, string>, node: string[] = []): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...node, cli, 'parse', '--json', join(dir, 'bounce.eml')], { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, encoding: 'utf8' }, (err, stdout, stderr) =>
      resolve({ status: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

describe('rebound parse and the configuration', () => {
  it('with nothing configured, loads neither the configuration nor the logger', async () => {
    const cwd = mkdtempSync(join(dir, 'empty-'));
    const r = await parse(cwd, {}, ['--import', pathToFileURL(join(dir, 'register.mjs')).href]);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    const report = JSON.parse(r.stdout);
    expect(report.recipients.map((x: { address: string; smtpCode: number }) => [x.address, x.smtpCode])).toEqual([['lia@esempio.example', 552]]);
    const loaded = readFileSync(join(dir, 'loaded.txt'), 'utf8');
    expect(loaded).toContain('/dist/parser.js');
    expect(loaded).not.toMatch(/\/node_modules\/(?:zod|smol-toml|pino)\//);
    expect(loaded).not.toMatch(/\/dist\/config\/(?:load|sections|rule-files)\.js/);
  });

  it('--version alone loads no command (all of them took about a second)', async () => {
    const cwd = mkdtempSync(join(dir, 'version-'));
    const loadedFile = join(dir, 'loaded.txt');
    writeFileSync(loadedFile, '');
    const r = await new Promise<{ status: number; stdout: string }>((resolve) =>
      execFile(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, cli, '--version'], { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, encoding: 'utf8' }, (err, stdout) =>
        resolve({ status: err ? 1 : 0, stdout }),
      ),
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+/);
    const loaded = readFileSync(loadedFile, 'utf8');
    expect(loaded).toContain('/dist/cli/program.js');
    expect(loaded).not.toMatch(/\/dist\/(?:cli\/(?:serve|parse|ingest)|parser)\.js/);
  });

  it('with a REBOUND_* variable, reads and checks the configuration (a bad setting exits 2)', async () => {
    const r = await parse(dir, { REBOUND_LOG_LEVEL: 'loudest' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^rebound: bad setting REBOUND_LOG_LEVEL/);
    expect(r.stdout).toBe('');
  });

  it('with ./config/rebound.toml, classifies with its rule files', async () => {
    const cwd = mkdtempSync(join(dir, 'configured-'));
    mkdirSync(join(cwd, 'config'));
    writeFileSync(join(cwd, 'local.toml'), '[[phrase]]\nreason = "mailboxfull"\ntext = "casella esaurita"\n');
    writeFileSync(join(cwd, 'config', 'rebound.toml'), `[classify]\nrules = [${JSON.stringify(join(cwd, 'local.toml'))}]\n`);
    const r = await parse(cwd, {});
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(JSON.parse(r.stdout).recipients[0]).toMatchObject({ reason: 'mailboxfull', rule: `${join(cwd, 'local.toml')}:1` });
    const plain = await parse(mkdtempSync(join(dir, 'plain-')), {});
    expect(JSON.parse(plain.stdout).recipients[0].reason).not.toBe('mailboxfull');
  });
});
