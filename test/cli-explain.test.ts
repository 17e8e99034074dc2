// `rebound explain` as users run it: the built CLI (dist/cli.js) in a child process. The build is
// brought up to date first when dist/ is missing or older than src/.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { explainCode, formatExplanation } from '../src/classify/explain.js';
import { ensureBuilt } from './helpers/cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/cli.js');

function run(...args: string[]): { status: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { status: number | null; stdout: string; stderr: string };
    return { status: e.status ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

beforeAll(() => ensureBuilt(['cli/explain.js']), 180_000);

describe('rebound explain', () => {
  it('prints meaning, class and advice for each code as text, exit 0', () => {
    const r = run('explain', '550', '5.7.26');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${formatExplanation(explainCode('550'))}\n\n${formatExplanation(explainCode('5.7.26'))}\n`);
    expect(r.stdout).toContain('550  (SMTP reply code, permanent)');
    expect(r.stdout).toContain('5.7.26  (enhanced status code, permanent)');
    expect(r.stdout).toMatch(/Meaning: Multiple authentication checks failed/);
    expect(r.stdout).toMatch(/Reason: +authfailure/);
    expect(r.stdout).toMatch(/Advice: +Sender authentication failed/);
  });

  it('says when a failure is temporary', () => {
    const r = run('explain', '4.2.2', '421');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('4.2.2  (enhanced status code, transient)');
    expect(r.stdout).toContain('421  (SMTP reply code, transient)');
    expect(r.stdout).toMatch(/Action: +retry/);
  });

  it('prints exactly one JSON object per line per code with --json', () => {
    const r = run('explain', '--json', '550', '5.7.26', '4.2.2');
    expect(r.status).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => JSON.parse(l))).toEqual(['550', '5.7.26', '4.2.2'].map((c) => explainCode(c)));
    expect(JSON.parse(lines[1])).toMatchObject({ input: '5.7.26', kind: 'enhanced', class: 'permanent', reason: 'authfailure', action: 'fix-sending' });
    expect(JSON.parse(lines[2])).toMatchObject({ kind: 'enhanced', class: 'transient', action: 'retry' });
  });

  it('accepts --json after the codes', () => {
    const r = run('explain', '550', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(explainCode('550'));
  });

  it('still prints unknown input, then exits 1', () => {
    const text = run('explain', '550', 'bogus', '6.1.1');
    expect(text.status).toBe(1);
    expect(text.stdout).toContain('550  (SMTP reply code, permanent)');
    expect(text.stdout).toContain('bogus  (unrecognised)');
    expect(text.stdout).toContain('6.1.1  (unrecognised)');

    const json = run('explain', '--json', 'bogus', '550');
    expect(json.status).toBe(1);
    const rows = json.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ input: 'bogus', kind: 'unknown', class: null });
    expect(rows[1]).toMatchObject({ input: '550', kind: 'reply' });
  });

  it('reads "550 5.1.1" and "550,5.1.1" as two codes', () => {
    for (const arg of ['550 5.1.1', '550,5.1.1']) {
      const r = run('explain', '--json', arg);
      expect(r.status).toBe(0);
      expect(r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).input)).toEqual(['550', '5.1.1']);
    }
  });

  it('wants at least one code', () => {
    const r = run('explain');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/missing required argument/);
  });
});
