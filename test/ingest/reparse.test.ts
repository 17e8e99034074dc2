import { describe, it, expect, afterEach } from 'vitest';
import { ingest } from '../../src/pipeline/ingest.js';
import { reparse } from '../../src/pipeline/reparse.js';
import { checkAddress } from '../../src/policy/check.js';
import { unsuppressAddress } from '../../src/policy/manual.js';
import { at, hard, tempStore, type TempStore } from '../helpers.js';

let t: TempStore;
afterEach(async () => t?.cleanup());

describe('reparse', () => {
  it('reads outdated messages again, restores their records and rebuilds the suppressions', async () => {
    t = await tempStore({ now0: '2024-05-10T00:00:00Z' });
    ingest(t.ctx, hard('gone@dest.example'), at('2024-05-01T08:00:00Z'));
    ingest(t.ctx, hard('kept@dest.example'), at('2024-05-01T08:00:00Z'));
    // as if an older parser had read the first message as a soft bounce and suppressed nothing
    const db = t.store.sqlite;
    db.prepare("update bounces set type = 'soft', reason = 'mailboxfull' where recipient = 'gone@dest.example'").run();
    db.prepare("delete from suppressions where address = 'gone@dest.example'").run();
    db.prepare("update messages set parser_version = '0' where id = 1").run();
    expect(checkAddress(t.ctx, 'gone@dest.example').sendable).toBe(true);

    const r = reparse(t.ctx);
    expect(r.messages).toBe(1);
    expect(r.changed).toEqual([{ messageId: 1, ref: '2024-05-01T08:00:00Z', changes: ['~ gone@dest.example soft mailboxfull -> hard userunknown'] }]);
    expect(r.suppressions).toEqual([{ address: 'gone@dest.example', before: null, after: 'hard (userunknown)' }]);
    expect(checkAddress(t.ctx, 'gone@dest.example').suppression).toMatchObject({ type: 'hard', suppressed_at: '2024-05-01T08:00:00.000Z' });

    // nothing outdated any more; --all reads everything and changes nothing
    expect(reparse(t.ctx).messages).toBe(0);
    const all = reparse(t.ctx, 'all');
    expect(all).toMatchObject({ messages: 2, changed: [], suppressions: [] });
  });

  it('honours manual actions when it replays an address', async () => {
    t = await tempStore({ now0: '2024-05-02T00:00:00Z' });
    ingest(t.ctx, hard('gone@dest.example'), at('2024-05-01T08:00:00Z'));
    unsuppressAddress(t.ctx, 'gone@dest.example', 'recreated');
    t.store.sqlite.prepare("update bounces set reason = 'hostunknown'").run();
    reparse(t.ctx, 'all');
    expect(checkAddress(t.ctx, 'gone@dest.example').sendable).toBe(true);
  });
});
