// The commands as a person runs them: these use the compiled CLI (npm run build; `npm ci` builds it),
// on a SQLite file and on a PostgreSQL store (REBOUND_STORE_URL).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { complaint, hard, mailboxFull } from '../helpers.js';
import { type BackendStore, backendStore, describeBackends } from '../helpers/backends.js';

const CLI = join(import.meta.dirname, '../../dist/cli.js');
const built = existsSync(CLI);
let t: BackendStore;
let db: string;

const env = () => ({ ...process.env, ...t.env });
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, '--db', db, ...args], { encoding: 'utf8', input: '', env: env() });

describeBackends('the CLI', (backend) => {
  beforeAll(async () => {
    t = await backendStore(backend);
    db = join(t.dir, 'cli.db');
    const dir = join(t.dir, 'in');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.eml'), hard('gone@dest.example'));
    writeFileSync(join(dir, 'b.eml'), complaint('reader@dest.example', 'abuse'));
    writeFileSync(join(dir, 'c.eml'), mailboxFull('full@dest.example'));
  });
  afterAll(async () => t?.cleanup());

  // each test starts node several times: generous time on a busy machine
  describe.skipIf(!built)('rebound CLI', { timeout: 60_000 }, () => {
    it('ingests with a JSON summary, on parser threads, and stats stay the same on a second run', () => {
      const first = run('ingest', join(t.dir, 'in'), '--json', '--workers', '1');
      expect(first.status).toBe(0);
      expect(JSON.parse(first.stdout)).toMatchObject({ messages: 3, new: 3, duplicates: 0, suppressed: 2, byKind: { bounce: 2, complaint: 1 } });
      const stats1 = run('stats', '--json').stdout;
      expect(JSON.parse(stats1)).toMatchObject({ messages: 3, bounces: 3, suppressions: 2 });
      expect(JSON.parse(run('ingest', join(t.dir, 'in'), '--json').stdout)).toMatchObject({ new: 0, duplicates: 3 });
      expect(run('stats', '--json').stdout).toBe(stats1);
    });

    it('stops quietly with exit 0 when the reader of its output goes away (`rebound parse ... | head`)', async () => {
      const mbox = join(t.dir, 'many.mbox');
      const one = (i: number) => `From MAILER-DAEMON Mon May  6 10:00:00 2024\n${hard(`r${i}@dest.example`, `many${i}`).toString().replace(/\r\n/g, '\n')}\n`;
      writeFileSync(mbox, Array.from({ length: 3000 }, (_, i) => one(i)).join(''));
      const child = spawn(process.execPath, [CLI, 'parse', '--json', mbox], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // far more output than a pipe holds: the next writes find the pipe closed
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise((resolve) => child.on('close', resolve));
      expect(stderr).toBe('');
      expect(code).toBe(0);
    });

    it('check exits 1 when suppressed and 0 when sendable; suppress and unsuppress change it', () => {
      expect(run('check', 'gone@dest.example').status).toBe(1);
      expect(run('check', 'full@dest.example').status).toBe(0);
      expect(run('suppress', 'full@dest.example', '--reason', 'asked').status).toBe(0);
      expect(run('check', 'full@dest.example').stdout).toMatch(/suppressed, manual \(asked\)/);
      expect(run('unsuppress', 'full@dest.example', '--note', 'ok again').status).toBe(0);
      expect(run('check', 'full@dest.example').status).toBe(0);
      const shown = run('show', 'full@dest.example').stdout;
      expect(shown).toMatch(/lifted .*\(ok again\)/);
      // each manual action with who did it, when and why
      expect(shown).toMatch(/\n {2}\S+Z {2}suppress by cli: asked\n {2}\S+Z {2}unsuppress by cli: ok again\n/);
    });

    it('exports to a file and reads stdin; an unreadable input makes the exit status non-zero', () => {
      const out = join(t.dir, 'list.txt');
      expect(run('export', '--format', 'txt', '--out', out).status).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe('gone@dest.example\nreader@dest.example\n');
      const piped = spawnSync(process.execPath, [CLI, '--db', db, 'ingest', '-', '--json'], { input: hard('piped@dest.example'), encoding: 'utf8', env: env() });
      expect(JSON.parse(piped.stdout)).toMatchObject({ new: 1, suppressed: 1 });
      const bad = run('ingest', join(t.dir, 'missing.eml'));
      expect(bad.status).toBe(1);
      expect(bad.stdout).toMatch(/cannot read .*missing\.eml/);
    });

    it('says what is wrong in one line, with exit status 2', () => {
      const r = run('check', 'not-an-address');
      expect(r.status).toBe(2);
      expect(r.stderr).toBe('rebound: not an email address: "not-an-address": no @\n');
      expect(run('export', '--format', 'xml').stderr).toMatch(/unknown --format xml/);
      expect(run('stats', '--by', 'colour').status).toBe(2);
    });

    it(backend === 'sqlite' ? 'takes the database from REBOUND_DB_PATH' : 'answers from PostgreSQL, not from REBOUND_DB_PATH, when REBOUND_STORE_URL is set', () => {
      const out = execFileSync(process.execPath, [CLI, 'stats', '--json'], { env: { ...env(), REBOUND_DB_PATH: join(t.dir, backend === 'sqlite' ? 'cli.db' : 'absent.db') }, encoding: 'utf8' });
      expect(JSON.parse(out).messages).toBe(4);
    });

    it('parse writes every report of a long run once, in input order, whether to a pipe or through its pauses, with or without a parse thread', () => {
      // 400 messages: well over one 64 KB write of output
      const mbox = join(t.dir, 'many.mbox');
      const n = 400;
      writeFileSync(mbox, Array.from({ length: n }, (_, i) => `From MAILER-DAEMON Thu Jan  4 10:20:30 2024\n${hard(`r${i}@dest.example`)}\n`).join(''));
      const parsed = run('parse', '--json', mbox);
      expect(parsed.status).toBe(0);
      expect(parsed.stdout.length).toBeGreaterThan(3 * 65536);
      expect(parsed.stdout.endsWith('\n')).toBe(true);
      const lines = parsed.stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => l.source)).toEqual(Array.from({ length: n }, (_, i) => `${mbox}#${i + 1}`));
      expect(lines.map((l) => l.recipients[0].address)).toEqual(Array.from({ length: n }, (_, i) => `r${i}@dest.example`));
      // with a parse thread beside the main thread: the same output, byte for byte
      const threaded = run('parse', '--json', '--workers', '1', mbox);
      expect(threaded.status).toBe(0);
      expect(threaded.stdout).toBe(parsed.stdout);
      expect(run('parse', '--workers', 'two', mbox)).toMatchObject({ status: 2, stderr: 'rebound: --workers is a whole number\n' });
    });

    it('parse and ingest report a message over --max-message-bytes and go on, exit 1; a bad value is exit 2', () => {
      const mbox = join(t.dir, 'limit.mbox');
      const messages = [hard('one@dest.example'), hard('big@dest.example', 'x'.repeat(3000)), hard('two@dest.example')];
      writeFileSync(mbox, messages.map((m) => `From MAILER-DAEMON Thu Jan  4 10:20:30 2024\n${m}\n`).join(''));
      const tooLarge = `${mbox}#2: message too large: more than 2000 bytes`;
      const parsed = run('parse', '--json', '--max-message-bytes', '2000', mbox);
      expect(parsed.status).toBe(1);
      expect(parsed.stdout.trim().split('\n').map((l) => JSON.parse(l).source)).toEqual([`${mbox}#1`, `${mbox}#3`]);
      expect(parsed.stderr).toBe(`rebound: cannot read ${tooLarge}\n`);
      const ingested = spawnSync(process.execPath, [CLI, '--db', join(t.dir, 'limit.db'), 'ingest', '--json', '--max-message-bytes', '2000', mbox], { encoding: 'utf8', env: env() });
      expect(ingested.status).toBe(1);
      expect(JSON.parse(ingested.stdout)).toMatchObject({ messages: 2, unreadable: 1, errors: [{ input: `${mbox}#2`, error: 'message too large: more than 2000 bytes' }] });
      for (const command of ['parse', 'ingest']) {
        const bad = run(command, '--max-message-bytes', '10k', mbox);
        expect(bad.status).toBe(2);
        expect(bad.stderr).toBe('rebound: --max-message-bytes is a whole number of bytes, at least 1\n');
      }
    });
  });
});
