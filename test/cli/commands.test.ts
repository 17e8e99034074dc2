// The CLI as scripts use it, the built CLI in a child process: which commands may create a
// database, exit statuses, and what is printed where.
import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { buildCli, runCli } from '../helpers/cli-process.js';
import { freePort } from '../helpers/ports.js';
import { delayed, hard } from '../helpers.js';

let cli: string;
beforeAll(() => {
  cli = buildCli('test-cli-commands');
}, 120_000);

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));
function emptyDir(): string {
  dir = mkdtempSync(join(tmpdir(), 'rebound-cli-'));
  return dir;
}

const READERS: string[][] = [
  ['check', 'gone@example.org'],
  ['show', 'gone@example.org'],
  ['stats'],
  ['export', '--format', 'postfix', '--out', 'access'],
  ['reparse'],
  ['unsuppress', 'gone@example.org', '--note', 'test'],
];

describe('a command that only reads never creates a database', { timeout: 120_000 }, () => {
  it('in an empty directory: no database at ./data/rebound.db, exit 2, nothing created', async () => {
    const cwd = emptyDir();
    for (const args of READERS) {
      const r = await runCli(cli, args, {}, cwd);
      expect({ args, code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({
        args,
        code: 2,
        stderr: "rebound: no database at ./data/rebound.db (run 'rebound migrate' to create one)\n",
        stdout: '',
      });
    }
    // not even the directory, nor the export's target
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('with a mistyped --db: names it, exit 2, no file and no empty export', async () => {
    const cwd = emptyDir();
    for (const args of READERS) {
      const r = await runCli(cli, ['--db', 'typo.dbb', ...args], {}, cwd);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe("rebound: no database at typo.dbb (run 'rebound migrate' to create one)\n");
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('a file that is not a database: one line naming the file, exit 2', async () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, 'notes.txt'), 'these are not the tables you are looking for\n'.repeat(200));
    for (const args of [['check', 'a@example.org'], ['suppress', 'a@example.org', '--reason', 'r'], ['migrate']]) {
      const r = await runCli(cli, ['--db', 'notes.txt', ...args], {}, cwd);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('rebound: notes.txt: not a SQLite database\n');
    }
  });

  it('the commands that write create it, and then the readers answer from it', async () => {
    const cwd = emptyDir();
    const db = join(cwd, 'sub', 'r.db');
    const s = await runCli(cli, ['--db', db, 'suppress', 'gone@example.org', '--reason', 'asked by phone'], {}, cwd);
    expect(s.code).toBe(0);
    expect(existsSync(db)).toBe(true);
    const c = await runCli(cli, ['--db', db, 'check', 'gone@example.org'], {}, cwd);
    expect(c.code).toBe(1);
    expect(c.stdout).toMatch(/^gone@example\.org: suppressed, manual/);
    const m = await runCli(cli, ['--db', join(cwd, 'm.db'), 'migrate'], {}, cwd);
    expect(m.code).toBe(0);
    expect(existsSync(join(cwd, 'm.db'))).toBe(true);
  });
});

describe('exit statuses: usage errors are one line and 2', { timeout: 120_000 }, () => {
  it("commander's own errors: one line `rebound: ...` on stderr, exit 2", async () => {
    const cwd = emptyDir();
    const cases: Array<[string[], RegExp]> = [
      [['stats', '--jsn'], /^rebound: unknown option '--jsn' \(Did you mean --json\?\)\n$/],
      [['check'], /^rebound: missing required argument 'address'\n$/],
      [['suppress', 'a@example.org'], /^rebound: required option '--reason <text>' not specified\n$/],
      [['stats', '--by'], /^rebound: option '--by <dimensions>' argument missing\n$/],
      [['frobnicate'], /^rebound: unknown command 'frobnicate'\n$/],
      [[], /^rebound: a command is needed \(rebound --help lists them\)\n$/],
      [['config'], /^rebound: a command is needed \(rebound config --help lists them\)\n$/],
      [['help', 'nope'], /^rebound: unknown command 'nope' \(rebound --help lists them\)\n$/],
    ];
    for (const [args, stderr] of cases) {
      const r = await runCli(cli, args, {}, cwd);
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(r.stderr).toMatch(stderr);
    }
  });

  it('--version and -V print the version of package.json; --help is not an error', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) expect(await runCli(cli, [flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    const help = await runCli(cli, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: rebound /);
  });
});

describe('log lines: text for people, JSON for serve', { timeout: 120_000 }, () => {
  it('ingest says an unreadable input once, as text, and writes no JSON', async () => {
    const cwd = emptyDir();
    const r = await runCli(cli, ['--db', 'r.db', 'ingest', 'missing.eml'], { REBOUND_LOG_LEVEL: 'info' }, cwd);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter((l) => l.includes('missing.eml'))).toEqual([expect.stringMatching(/^ {2}cannot read missing\.eml: /)]);
    expect(r.stderr).toBe('');
  });

  it('poll --once says a failed mailbox once, as text', async () => {
    const cwd = emptyDir();
    const port = await freePort(); // nothing listens there
    const env = { REBOUND_IMAP_HOST: '127.0.0.1', REBOUND_IMAP_PORT: String(port), REBOUND_IMAP_USER: 'u', REBOUND_IMAP_PASS: 'p', REBOUND_LOG_LEVEL: 'info' };
    const r = await runCli(cli, ['--db', 'r.db', 'poll', '--once'], env, cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/: failed: .*ECONNREFUSED/);
    expect(r.stderr).not.toMatch(/ECONNREFUSED/);
    expect(r.stderr).not.toMatch(/^\{/m);
  });

  it('serve writes JSON lines by default, readable lines with --log-format pretty', async () => {
    const cwd = emptyDir();
    for (const [args, started] of [
      [[], /^\{.*"msg":"rebound serve started"/m],
      [['--log-format', 'pretty'], /^\d{4}-\d\d-\d\dT[\d:.]+Z INFO  rebound serve started .*smtp=/m],
    ] as const) {
      const port = await freePort();
      const child = spawn(process.execPath, [cli, ...args, '--db', 'r.db', 'serve'], {
        cwd,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { PATH: process.env.PATH, REBOUND_SMTP_PORT: String(port), REBOUND_SMTP_DOMAINS: 'bounce.test' },
      });
      let stderr = '';
      const exited = new Promise((r) => child.on('exit', r));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 30_000);
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
          if (/rebound serve started/.test(stderr)) resolve(void clearTimeout(timer));
        });
      });
      child.kill('SIGTERM');
      await exited;
      expect(stderr).toMatch(started);
    }
  });
});

describe('manual actions', { timeout: 120_000 }, () => {
  it("suppress --reason '' and unsuppress --note ' ' are refused like the API refuses them, exit 2, nothing written", async () => {
    const cwd = emptyDir();
    const empty = await runCli(cli, ['--db', 'r.db', 'suppress', 'ceo@example.com', '--reason', ''], {}, cwd);
    expect(empty).toEqual({ code: 2, stdout: '', stderr: "rebound: --reason is empty: say why (it is kept with the address's history)\n" });
    expect(readdirSync(cwd)).toEqual([]);
    expect((await runCli(cli, ['--db', 'r.db', 'suppress', 'ceo@example.com', '--reason', 'x'.repeat(1001)], {}, cwd)).code).toBe(2);
    expect((await runCli(cli, ['--db', 'r.db', 'suppress', 'ceo@example.com', '--reason', ' asked by phone '], {}, cwd)).code).toBe(0);
    expect((await runCli(cli, ['--db', 'r.db', 'unsuppress', 'ceo@example.com', '--note', ' '], {}, cwd)).code).toBe(2);
    expect((await runCli(cli, ['--db', 'r.db', 'check', 'ceo@example.com'], {}, cwd)).stdout).toMatch(/suppressed, manual \(asked by phone\)/);
  });
});

describe('ingest --workers', { timeout: 120_000 }, () => {
  it('is capped at the number of CPUs, with a note', async () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, 'a.eml'), hard('gone@dest.example'));
    const cpus = availableParallelism();
    const r = await runCli(cli, ['--db', 'r.db', 'ingest', '--json', '--workers', String(cpus + 62), 'a.eml'], {}, cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`rebound: --workers ${cpus + 62} is more than the ${cpus} CPUs: using ${cpus}\n`);
    expect(JSON.parse(r.stdout)).toMatchObject({ messages: 1, new: 1 });
    const fine = await runCli(cli, ['--db', 'r.db', 'ingest', '--workers', '1', 'a.eml'], {}, cwd);
    expect(fine).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('ingest on a parser thread: the store keeps the input order', { timeout: 120_000 }, () => {
  it('messages posted to the parser in groups, and duplicates read between them, are written in the order read', async () => {
    const cwd = emptyDir();
    mkdirSync(join(cwd, 'in'));
    const names = Array.from({ length: 40 }, (_, i) => `n${String(i).padStart(2, '0')}.eml`);
    names.forEach((name, i) => writeFileSync(join(cwd, 'in', name), i % 2 ? hard(`user${i}@dest.example`) : delayed(`user${i}@dest.example`)));
    // two of them stored before: duplicates in the middle of a group
    const first = await runCli(cli, ['--db', 'r.db', 'ingest', '--json', '--workers', '1', join('in', 'n07.eml'), join('in', 'n23.eml')], {}, cwd);
    expect(first.code).toBe(0);
    const r = await runCli(cli, ['--db', 'r.db', 'ingest', '--json', '--workers', '1', 'in'], {}, cwd);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ messages: 40, new: 38, duplicates: 2 });
    const db = new SQLite(join(cwd, 'r.db'), { readonly: true });
    try {
      const refs = db.prepare('select source_ref from messages order by id').all().map((x) => (x as { source_ref: string }).source_ref.split('/').pop());
      expect(refs).toEqual(['n07.eml', 'n23.eml', ...names.filter((n) => n !== 'n07.eml' && n !== 'n23.eml')]);
      // and each message's own parse: its record names its own recipient
      const pairs = db.prepare('select m.source_ref, b.recipient from bounces b join messages m on m.id = b.message_id').all() as Array<{ source_ref: string; recipient: string }>;
      expect(pairs).toHaveLength(40);
      for (const p of pairs) expect(p.recipient).toBe(`user${Number(/n(\d+)\.eml$/.exec(p.source_ref)![1])}@dest.example`);
    } finally {
      db.close();
    }
  });
});
