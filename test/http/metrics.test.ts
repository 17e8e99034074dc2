// Counting what another store handle (another thread, in `rebound serve`) writes: its observer makes
// a plain summary, which crosses to the registry's thread and is counted there.
import { describe, it, expect, afterEach } from 'vitest';
import { openStore, type Store } from '../../src/store/open.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { transaction } from '../../src/store/sync.js';
import { wireStoreObservers, type WrittenSummary } from '../../src/events/wire.js';
import { pipelineContext } from '../../src/pipeline/context.js';
import { createMetrics } from '../../src/metrics.js';
import { at, complaint, hard, tempStore, type TempStore } from '../helpers.js';
import { parsePrometheus, sampleValue } from './helpers.js';

let t: TempStore;
let other: Store | null = null;
afterEach(async () => {
  await other?.close();
  other = null;
  await t?.cleanup();
});

describe('metrics from another store handle', () => {
  it('count a summary made by that handle’s observer, after it crossed as plain data', async () => {
    t = await tempStore();
    other = await openStore(t.store.path);
    const metrics = createMetrics({ processMetrics: false });
    metrics.watchStore(t.store);
    wireStoreObservers(t.store, { counts: metrics });
    // the other handle is wired as the spool worker's is: its summaries are posted, not counted
    const posted: WrittenSummary[] = [];
    wireStoreObservers(other, { counts: { recordWritten: (w) => posted.push(structuredClone(w)) } });
    ingest(pipelineContext(other), hard('gone@dest.example'), { ...at('2024-05-06T10:00:00Z'), source: 'smtp' });
    ingest(pipelineContext(other), complaint('reader@dest.example', 'abuse'), { ...at('2024-05-06T10:00:01Z'), source: 'smtp' });
    expect(posted).toEqual([
      { source: 'smtp', kind: 'bounce', status: 'parsed', records: [{ type: 'hard', reason: 'userunknown', suppressed: 'hard' }] },
      { source: 'smtp', kind: 'complaint', status: 'parsed', records: [{ type: 'none', reason: 'feedback', suppressed: 'complaint' }] },
    ]);
    // not seen by the watched handle: nothing counted yet, until the summaries arrive
    let s = parsePrometheus((await metrics.scrape()).text).samples;
    expect(sampleValue(s, 'rebound_messages_total')).toBe(0);
    for (const p of posted) metrics.recordWritten(p);
    s = parsePrometheus((await metrics.scrape()).text).samples;
    expect(sampleValue(s, 'rebound_messages_total', { source: 'smtp' })).toBe(2);
    expect(sampleValue(s, 'rebound_suppressions_created_total', { type: 'complaint' })).toBe(1);
    expect(sampleValue(s, 'rebound_bounces_total', { type: 'hard', reason: 'userunknown' })).toBe(1);
    // the gauges read the database, whoever wrote it
    expect(sampleValue(s, 'rebound_suppressions', { type: 'hard' })).toBe(1);
  });

  it('count a message only once its transaction commits, never one rolled back', async () => {
    t = await tempStore();
    const metrics = createMetrics({ processMetrics: false });
    metrics.watchStore(t.store);
    wireStoreObservers(t.store, { counts: metrics });
    const counted = async () => sampleValue(parsePrometheus((await metrics.scrape()).text).samples, 'rebound_messages_total') ?? 0;
    // a batch (as bulk ingestion and the spool's processing make them) that fails half-way
    expect(() =>
      transaction(t.store, () => {
        ingest(t.ctx, hard('a@dest.example'), at('2024-05-06T10:00:00Z'));
        throw new Error('the disk is full');
      }),
    ).toThrow('the disk is full');
    expect(await counted()).toBe(0);
    // a savepoint rolled back inside a batch that commits: only the rest is counted, after the commit
    transaction(t.store, () => {
      ingest(t.ctx, hard('b@dest.example'), at('2024-05-06T10:00:01Z'));
      try {
        transaction(t.store, () => {
          ingest(t.ctx, hard('c@dest.example'), at('2024-05-06T10:00:02Z'));
          throw new Error('this one fails');
        });
      } catch {
        // the batch goes on without it
      }
      expect(t.store.sqlite.prepare('select count(*) as n from messages').get()).toEqual({ n: 1 });
    });
    expect(await counted()).toBe(1);
    ingest(t.ctx, hard('d@dest.example'), at('2024-05-06T10:00:03Z'));
    expect(await counted()).toBe(2);
  });
});
