import { describe, it, expect, afterEach } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { fileURLToPath } from 'node:url';
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

  // ingests and reads every fixture twice: seconds on a busy machine
  it('every fixture: reparse --all twice in a row changes nothing the second time, and every stored text is UTF-8', { timeout: 60_000 }, async () => {
    t = await tempStore({ now0: '2024-05-10T00:00:00Z' });
    const dir = fileURLToPath(new URL('../../fixtures/dsn/', import.meta.url));
    const samples = readdirSync(dir).filter((f) => f.endsWith('.eml'));
    for (const f of samples) ingest(t.ctx, readFileSync(dir + f), { source: 'file', sourceRef: f, receivedAt: new Date('2024-05-01T08:00:00Z') });
    reparse(t.ctx, 'all');
    const second = reparse(t.ctx, 'all');
    expect(second.messages).toBe(samples.length);
    expect(second.changed).toEqual([]);
    expect(second.suppressions).toEqual([]);
    // what another reader of the database gets: valid UTF-8 in every text column (no lone surrogates)
    const db = t.store.sqlite;
    for (const { name: table } of db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as Array<{ name: string }>) {
      for (const { name: column } of db.prepare(`select name from pragma_table_info(?)`).all(table) as Array<{ name: string }>) {
        const rows = db.prepare(`select cast("${column}" as blob) as v from "${table}" where typeof("${column}") = 'text'`).all() as Array<{ v: Buffer }>;
        const bad = rows.filter((r) => !isUtf8(r.v));
        expect(bad.map((r) => r.v.toString('latin1').slice(0, 80)), `${table}.${column}`).toEqual([]);
      }
    }
  });
});
