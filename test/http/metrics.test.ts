// Counting what another store handle (another thread, in `rebound serve`) writes: its observer makes
// a plain summary, which crosses to the registry's thread and is counted there. The store gauges on
// both backends: on PostgreSQL, the shared store's list, outbox and size, and this host's spool backlog.
import { describe, it, expect, afterEach } from 'vitest';
import { openStore, type Store } from '../../src/store/open.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { transaction } from '../../src/store/sync.js';
import { wireStoreObservers, type WrittenSummary } from '../../src/events/wire.js';
import { pipelineContext } from '../../src/pipeline/context.js';
import { createMetrics } from '../../src/metrics.js';
import { at, complaint, hard, tempStore, type TempStore } from '../helpers.js';
import { parsePrometheus, sampleValue } from './helpers.js';
import { type BackendStore, backendStore, describeBackends } from '../helpers/backends.js';
import { parseWebhookSettings } from '../../src/config/webhooks.js';

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

describeBackends('the store gauges', (backend) => {
  let b: BackendStore | undefined;
  afterEach(async () => {
    await b?.cleanup();
    b = undefined;
  });

  it('read the store the port writes to, and the backlog of the local spool', async () => {
    const webhook = parseWebhookSettings({ urls: ['http://127.0.0.1:9/hook'], secret: 'a-webhook-secret-of-32-characters!', events: ['suppression.created'] });
    b = await backendStore(backend, { wiring: { webhook } });
    await b.ctx.port.ingest(hard('gone@dest.example'), at('2024-05-06T10:00:00Z'));
    await b.ctx.port.ingest(complaint('reader@dest.example', 'abuse'), at('2024-05-06T10:00:01Z'));
    await b.ctx.port.suppress('ceo@dest.example', 'asked', b.ctx.now());
    // one message spooled in this host's SQLite file, not yet processed
    await pipelineContext(b.store).port.spool([{ raw: hard('later@dest.example'), meta: { ...at('2024-05-06T10:00:02Z'), source: 'smtp' } }]);
    const metrics = createMetrics({ processMetrics: false });
    metrics.watchStore(b.store, b.ctx.now, b.ctx.port);
    const s = parsePrometheus((await metrics.scrape()).text).samples;
    expect(sampleValue(s, 'rebound_suppressions', { type: 'hard' })).toBe(1);
    expect(sampleValue(s, 'rebound_suppressions', { type: 'complaint' })).toBe(1);
    expect(sampleValue(s, 'rebound_suppressions', { type: 'manual' })).toBe(1);
    expect(sampleValue(s, 'rebound_messages_pending')).toBe(1);
    expect(sampleValue(s, 'rebound_webhook_outbox', { state: 'pending' })).toBe((await b.outbox()).length);
    expect((await b.outbox()).length).toBe(3);
    expect(sampleValue(s, 'rebound_database_bytes')).toBeGreaterThan(0);
  });
});
