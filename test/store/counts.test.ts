// The scrape-time counts: inline (as the tests run the sources) and on the worker thread with its
// own read-only connection (the compiled code, as `rebound serve` runs it), which must agree.
import { describe, it, expect, afterEach } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ingest, spoolRaw } from '../../src/pipeline/ingest.js';
import { suppressAddress } from '../../src/policy/manual.js';
import { countOn, createCountReader } from '../../src/store/counts.js';
import { at, complaint, hard, tempStore, type TempStore } from '../helpers.js';

const COMPILED = join(import.meta.dirname, '../../dist/store/counts.js');
let t: TempStore;
afterEach(async () => t?.cleanup());

async function fill(): Promise<void> {
  t = await tempStore();
  ingest(t.ctx, hard('a@dest.example'), at('2024-05-01T08:00:00Z'));
  ingest(t.ctx, hard('b@dest.example'), at('2024-05-01T08:00:01Z'));
  ingest(t.ctx, complaint('c@dest.example', 'abuse'), at('2024-05-01T08:00:02Z'));
  suppressAddress(t.ctx, 'd@dest.example', 'asked');
  spoolRaw(t.ctx, hard('e@dest.example'), { source: 'smtp' });
}

describe('store counts', () => {
  it('count active suppressions by type, pending messages, the outbox and the size', async () => {
    await fill();
    const reader = createCountReader(t.store, t.ctx.now);
    const c = await reader.read();
    await reader.close();
    expect(c.suppressionsByType).toEqual({ complaint: 1, hard: 2, manual: 1 });
    expect(c.pendingMessages).toBe(1);
    expect(c.outbox).toEqual({ pending: 0, delivered: 0, dead: 0 });
    expect(c.databaseBytes).toBeGreaterThan(4096);
  });

  it.skipIf(!existsSync(COMPILED))('agree when counted on the worker thread (compiled code)', async () => {
    await fill();
    // the worker is there, so the reader uses it (it counts inline only without it)
    expect(existsSync(join(import.meta.dirname, '../../dist/store/counts-worker.js'))).toBe(true);
    const compiled = (await import(pathToFileURL(COMPILED).href)) as typeof import('../../src/store/counts.js');
    const reader = compiled.createCountReader(t.store, t.ctx.now);
    const fromWorker = await reader.read();
    await reader.close();
    const inline = countOn(t.store.sqlite, t.store.path, t.ctx.now().toISOString());
    expect({ ...fromWorker, databaseBytes: 0 }).toEqual({ ...inline, databaseBytes: 0 });
    expect(fromWorker.suppressionsByType).toEqual({ complaint: 1, hard: 2, manual: 1 });
  });
});
