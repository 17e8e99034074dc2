// The observer hook: told inside the transaction that made the change, for each ingestion path
// (ingest, spool then processPending) and for manual decisions; a throw rolls the change back.
import { describe, it, expect, afterEach } from 'vitest';
import { ingest, processPending, spoolRaw } from '../../src/pipeline/ingest.js';
import { observeStore, type ManualApplied, type MessageWritten } from '../../src/events/store-events.js';
import { suppressAddress, unsuppressAddress } from '../../src/policy/manual.js';
import { at, complaint, hard, mailboxFull, tempStore, type TempStore } from '../helpers.js';

let t: TempStore;
afterEach(async () => t?.cleanup());

const count = (table: string) => (t.store.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

describe('store observers', () => {
  it('are told of each processed message with its records and the policy outcomes, in the transaction', async () => {
    t = await tempStore();
    const seen: MessageWritten[] = [];
    const inTx: boolean[] = [];
    const stop = observeStore(t.store, {
      messageWritten(store, ev) {
        inTx.push(store.sqlite.inTransaction);
        seen.push(ev);
      },
    });
    const first = hard('gone@dest.example');
    ingest(t.ctx, first, at('2024-05-06T10:00:00Z'));
    ingest(t.ctx, mailboxFull('full@dest.example'), at('2024-05-06T10:01:00Z'));
    const spooled = spoolRaw(t.ctx, complaint('reader@dest.example', 'abuse'), { source: 'smtp', sourceRef: 's1' });
    expect(seen).toHaveLength(2); // spooling alone processes nothing
    processPending(t.ctx);
    expect(inTx).toEqual([true, true, true]);
    expect(seen.map((e) => [e.message.source, e.message.kind, e.message.status])).toEqual([
      ['file', 'bounce', 'parsed'],
      ['file', 'bounce', 'parsed'],
      ['smtp', 'complaint', 'parsed'],
    ]);
    expect(seen[2]!.message.id).toBe(spooled.messageId);
    expect(seen.map((e) => e.records.map((r) => [r.record.recipient, r.record.type, r.record.reason, r.outcome]))).toEqual([
      [['gone@dest.example', 'hard', 'userunknown', 'suppressed']],
      [['full@dest.example', 'soft', 'mailboxfull', 'counted-soft']],
      [['reader@dest.example', null, 'feedback', 'suppressed']],
    ]);
    // a duplicate is not processed again, so nobody is told
    expect(ingest(t.ctx, first, at('2024-05-06T10:00:00Z')).duplicate).toBe(true);
    stop();
    ingest(t.ctx, hard('other@dest.example'), at('2024-05-06T10:02:00Z'));
    expect(seen).toHaveLength(3);
  });

  it('roll the message back when they throw', async () => {
    t = await tempStore();
    observeStore(t.store, {
      messageWritten() {
        throw new Error('outbox full');
      },
    });
    expect(() => ingest(t.ctx, hard('gone@dest.example'), at('2024-05-06T10:00:00Z'))).toThrow('outbox full');
    expect([count('messages'), count('bounces'), count('suppressions')]).toEqual([0, 0, 0]);
  });

  it('are told of manual suppress and unsuppress, and whether they changed anything', async () => {
    t = await tempStore();
    const seen: ManualApplied[] = [];
    observeStore(t.store, { manualApplied: (_s, ev) => seen.push(ev) });
    suppressAddress(t.ctx, 'CEO@Dest.Example', 'asked by phone');
    suppressAddress(t.ctx, 'ceo@dest.example', 'again');
    unsuppressAddress(t.ctx, 'ceo@dest.example', 'changed their mind');
    unsuppressAddress(t.ctx, 'ceo@dest.example', 'nothing to lift');
    expect(seen.map((e) => [e.action, e.address, e.domain, e.text, e.changed])).toEqual([
      ['suppress', 'ceo@dest.example', 'dest.example', 'asked by phone', true],
      ['suppress', 'ceo@dest.example', 'dest.example', 'again', false],
      ['unsuppress', 'ceo@dest.example', 'dest.example', 'changed their mind', true],
      ['unsuppress', 'ceo@dest.example', 'dest.example', 'nothing to lift', false],
    ]);
  });
});
