// Exports a page at a time (the HTTP stream and the scheduled files) give the same bytes as the
// whole-list export; scheduled files are written atomically, and only when their content changed.
// On both stores: on PostgreSQL the files are generated on the main thread, through the port.
import { describe, it, expect, afterEach, vi } from 'vitest';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { exportSuppressions } from '../../src/export/export.js';
import { exportChunks } from '../../src/export/stream.js';
import { FORMATS } from '../../src/export/formats.js';
import { startScheduledExports, type ScheduledExports } from '../../src/export/scheduled.js';
import { parseExportSettings } from '../../src/config/export.js';
import { at, complaint, hard, tempStore, type TempStore } from '../helpers.js';
import { backendStore, describeBackends } from '../helpers/backends.js';
import { capturingLogger } from '../http/helpers.js';


// real sockets and files: slow when the whole suite runs in parallel on two cores
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });
let t: TempStore;
let exports: ScheduledExports | null = null;
afterEach(async () => {
  await exports?.stop();
  exports = null;
  await t?.cleanup();
});

async function collect(gen: AsyncIterable<string>): Promise<string> {
  let s = '';
  for await (const c of gen) s += c;
  return s;
}

describeBackends('exports', (backend) => {
  const ingest = (raw: Buffer, meta: ReturnType<typeof at>) => t.ctx.port.ingest(raw, meta);
  const suppress = (address: string, reason: string) => t.ctx.port.suppress(address, reason, t.ctx.now());

  describe('exportChunks', () => {
    it('gives every format byte for byte, for no row, one row and many rows over several pages', async () => {
      t = await backendStore(backend);
      let i = 0;
      for (const n of [0, 1, 7]) {
        for (; i < n; i++) {
          await ingest(i % 2 ? complaint(`r${i}@fbl.example`, 'abuse') : hard(`u${i}@dest.example`), at(`2024-05-01T08:00:0${i}Z`));
        }
        for (const format of FORMATS) {
          const whole = (await exportSuppressions(t.ctx, { format })).text;
          expect(await collect(exportChunks(t.ctx.port, { format, at: t.ctx.now() }, 3)), `${format}, ${n} rows`).toBe(whole);
          if (format === 'json' || format === 'sendgrid') expect(() => JSON.parse(whole)).not.toThrow();
          if (format === 'postmark' || format === 'ndjson') expect(() => whole.split('\n').filter(Boolean).map((l) => JSON.parse(l))).not.toThrow();
        }
      }
    });
  });

  describe('scheduled exports', () => {
    it('write each file at start, leave an unchanged one alone, and replace a changed one by a rename', async () => {
      t = await backendStore(backend);
      await ingest( hard('gone@dest.example'), at('2024-05-01T08:00:00Z'));
      await ingest(complaint('reader@fbl.example', 'abuse'), at('2024-05-01T09:00:00Z'));
      const dir = join(t.dir, 'out');
      const txt = join(dir, 'all.txt');
      const postfix = join(dir, 'postfix', 'rebound_access');
      const settings = parseExportSettings({ path: txt, intervalSeconds: 3600, files: [{ path: postfix, format: 'postfix', types: ['hard'] }] });
      const log = capturingLogger();
      exports = startScheduledExports(t.ctx, settings, { logger: log.logger });
      // the sources run here (no compiled worker), and PostgreSQL is read on the main thread anyway
      expect(log.lines.find((l) => l.msg === 'scheduled exports started')?.thread).toBe('main');
      const first = await exports.runOnce(); // the run at start, or one right after it
      expect(first.map((r) => r.result).every((r) => r === 'written' || r === 'unchanged')).toBe(true);
      expect(readFileSync(txt, 'utf8')).toBe('gone@dest.example\nreader@fbl.example\n');
      expect(readFileSync(postfix, 'utf8')).toBe('gone@dest.example REJECT recipient suppressed: hard bounce (userunknown)\n');
      const before = statSync(txt);

      expect(await exports.runOnce()).toEqual([
        { path: txt, result: 'unchanged' },
        { path: postfix, result: 'unchanged' },
      ]);
      expect(statSync(txt).mtimeMs).toBe(before.mtimeMs);
      expect(statSync(txt).ino).toBe(before.ino);

      await suppress('ceo@dest.example', 'asked');
      expect(await exports.runOnce()).toEqual([
        { path: txt, result: 'written' },
        { path: postfix, result: 'unchanged' }, // manual suppressions are not in this one
      ]);
      expect(readFileSync(txt, 'utf8')).toBe('ceo@dest.example\ngone@dest.example\nreader@fbl.example\n');
      expect(statSync(txt).ino).not.toBe(before.ino); // a new file renamed over the old: readers see one or the other
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

      // someone else changed or removed a file: written again even though the list did not change
      writeFileSync(txt, 'edited by hand\n');
      rmSync(postfix);
      expect((await exports.runOnce()).map((r) => r.result)).toEqual(['written', 'written']);
      expect(readFileSync(txt, 'utf8')).toBe('ceo@dest.example\ngone@dest.example\nreader@fbl.example\n');
    });

    it('keep the existing file when it already has the content (a restart does not rewrite it)', async () => {
      t = await backendStore(backend);
      await ingest(hard('gone@dest.example'), at('2024-05-01T08:00:00Z'));
      const path = join(t.dir, 'list.txt');
      writeFileSync(path, 'gone@dest.example\n');
      const mtime = statSync(path).mtimeMs;
      exports = startScheduledExports(t.ctx, parseExportSettings({ path, intervalSeconds: 3600 }), { logger: capturingLogger().logger });
      expect(await exports.runOnce()).toEqual([{ path, result: 'unchanged' }]);
      expect(statSync(path).mtimeMs).toBe(mtime);
    });

    it('run again every interval by themselves, and a file that cannot be written does not stop the others', async () => {
      t = await backendStore(backend);
      const blocker = join(t.dir, 'not-a-dir');
      writeFileSync(blocker, 'x');
      const good = join(t.dir, 'good.txt');
      const log = capturingLogger();
      exports = startScheduledExports(
        t.ctx,
        parseExportSettings({ intervalSeconds: 1, files: [{ path: join(blocker, 'x.txt') }, { path: good }] }),
        { logger: log.logger },
      );
      const runs = await exports.runOnce();
      expect(runs[0]).toMatchObject({ result: 'failed', error: expect.stringMatching(/ENOTDIR|EEXIST/) });
      expect(readFileSync(good, 'utf8')).toBe('');
      expect(log.lines.some((l) => l.msg === 'scheduled export failed')).toBe(true);
      await ingest(hard('later@dest.example'), at('2024-05-01T08:00:00Z'));
      const end = Date.now() + 5000;
      while (readFileSync(good, 'utf8') === '' && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect(readFileSync(good, 'utf8')).toBe('later@dest.example\n');
    });
  });

});

const COMPILED = join(import.meta.dirname, '../../dist/export/scheduled.js');

describe.skipIf(!existsSync(COMPILED))('scheduled exports on the worker thread (compiled code)', () => {
  // SQLite only: the worker opens the database file (PostgreSQL is read on the main thread, above)
  it('write the same file as inline, on a worker, with their own connection', async () => {
    t = await tempStore();
    await t.ctx.port.ingest(hard('gone@dest.example'), at('2024-05-01T08:00:00Z'));
    await t.ctx.port.ingest(complaint('reader@fbl.example', 'abuse'), at('2024-05-01T09:00:00Z'));
    const compiled = (await import(pathToFileURL(COMPILED).href)) as typeof import('../../src/export/scheduled.js');
    const path = join(t.dir, 'ses.csv');
    const log = capturingLogger();
    exports = compiled.startScheduledExports(t.ctx, parseExportSettings({ path, format: 'ses', intervalSeconds: 3600 }), { logger: log.logger });
    await exports.runOnce();
    expect(log.lines.find((l) => l.msg === 'scheduled exports started')?.thread).toBe('worker');
    expect(readFileSync(path, 'utf8')).toBe((await exportSuppressions(t.ctx, { format: 'ses' })).text);
    await t.ctx.port.suppress('ceo@dest.example', 'asked', t.ctx.now()); // committed on the main connection, read by the worker's
    expect(await exports.runOnce()).toEqual([{ path, result: 'written' }]);
    expect(readFileSync(path, 'utf8')).toContain('ceo@dest.example,BOUNCE');
    expect(await exports.runOnce()).toEqual([{ path, result: 'unchanged' }]);
  });
});
