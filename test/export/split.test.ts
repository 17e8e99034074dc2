// Files that a service imports as they are: `--out` (and the scheduled files) split a layout at the
// service's import limit into numbered files, each complete (its own header); SES at 100,000
// addresses, Mailgun at 25 MB. A real SQLite file, and a real PostgreSQL store, with 100,001
// suppressions; real files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportSuppressions } from '../../src/export/export.js';
import { atomicPart, partPath, writeExportParts } from '../../src/export/parts.js';
import { runExportFile, type Known } from '../../src/export/scheduled-run.js';
import { parseExportSettings } from '../../src/config/export.js';
import { type BackendStore, backendStore, describeBackends } from '../helpers/backends.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';

const N = 100_001;
let t: BackendStore;

const COLUMNS = 'address, domain, type, reason, suppressed_at, first_event_at, last_event_at, event_count, expires_at, lifted_at';
const AT = `'2024-05-02T09:30:00.000Z'`;

describeBackends('the split export', (backend) => {
  beforeAll(async () => {
    ensureBuilt([]);
    t = await backendStore(backend, { now0: '2024-05-03T12:00:00Z' });
    // long local parts: 25 MB of Mailgun CSV in fewer rows than SES's limit
    await t.exec({
      sqlite: `with recursive n(i) as (select 1 union all select i + 1 from n where i < ${N})
        insert into suppressions (${COLUMNS})
        select printf('%0240d@fbl.example', i), 'fbl.example', 'complaint', 'abuse', ${AT}, ${AT}, ${AT}, 1, null, null from n`,
      postgres: `insert into suppressions (${COLUMNS})
        select lpad(i::text, 240, '0') || '@fbl.example', 'fbl.example', 'complaint', 'abuse', ${AT}, ${AT}, ${AT}, 1, null, null
        from generate_series(1, ${N}) as i;
        analyze suppressions`,
    });
  }, 180_000);
  afterAll(async () => t?.cleanup());

  const lines = (path: string) => readFileSync(path, 'utf8').split('\r\n').slice(0, -1);

  describe('files split at the import limits', { timeout: 120_000 }, () => {
    it('ses: 100,000 addresses per file, numbered; stale parts removed; together the whole export', async () => {
      const out = join(t.dir, 'ses.csv');
      writeFileSync(partPath(out, 3), 'left from a longer export\r\n');
      const r = await writeExportParts(t.ctx.port, { format: 'ses', at: t.ctx.now() }, out, atomicPart);
      expect(r).toEqual({ count: N, paths: [out, join(t.dir, 'ses-2.csv')], removed: [join(t.dir, 'ses-3.csv')] });
      expect(lines(out)).toHaveLength(100_000);
      expect(lines(r.paths[1]!)).toEqual([`${'100001'.padStart(240, '0')}@fbl.example,COMPLAINT`]);
      expect(existsSync(partPath(out, 3))).toBe(false);
      expect(readFileSync(out, 'utf8') + readFileSync(r.paths[1]!, 'utf8')).toBe((await exportSuppressions(t.ctx, { format: 'ses' })).text);
    });

    it('mailgun: at most 25 MB per file, each with the header', async () => {
      const out = join(t.dir, 'complaints.csv');
      const r = await writeExportParts(t.ctx.port, { format: 'mailgun-complaints', at: t.ctx.now() }, out, atomicPart);
      expect(r.paths).toEqual([out, join(t.dir, 'complaints-2.csv')]);
      for (const p of r.paths) {
        expect(statSync(p).size).toBeLessThanOrEqual(25_000_000);
        expect(lines(p)[0]).toBe('address,created_at');
      }
      expect(statSync(out).size).toBeGreaterThan(25_000_000 - 300); // full: one more row would not fit
      expect(r.paths.flatMap((p) => lines(p).slice(1))).toHaveLength(N);
    });

    it('rebound export --out says how many files it wrote', async () => {
      const out = join(t.dir, 'cli.csv');
      const r = await runCli(['--db', join(t.dir, 'rebound.db'), 'export', '--format', 'ses', '--out', out], t.env);
      expect(r.stderr).toBe(`${N} suppressions written to 2 files (${out}, ${join(t.dir, 'cli-2.csv')})\n`);
      expect(r.status).toBe(0);
      expect(lines(join(t.dir, 'cli-2.csv'))).toHaveLength(1);
    });

    it('a scheduled file is split the same way, and an unchanged run touches nothing', async () => {
      const path = join(t.dir, 'scheduled', 'ses.csv');
      const [f] = parseExportSettings({ path, format: 'ses' }).files;
      const known = new Map<string, Known>();
      expect(await runExportFile(t.ctx.port, f!, t.ctx.now(), known)).toEqual({ path, result: 'written' });
      const second = statSync(partPath(path, 2));
      expect(lines(partPath(path, 2))).toHaveLength(1);
      expect(await runExportFile(t.ctx.port, f!, t.ctx.now(), known)).toEqual({ path, result: 'unchanged' });
      expect(statSync(partPath(path, 2)).ino).toBe(second.ino);
      // the old name still works in the configuration
      expect(parseExportSettings({ path, format: 'mailgun' }).files[0]!.format).toBe('mailgun-bounces');
    });
  });
});
