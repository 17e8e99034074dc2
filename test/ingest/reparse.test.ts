// rebound reparse through the store port, on SQLite and on PostgreSQL: records read again, the
// suppressions of the addresses concerned replayed from their history.
import { describe, it, expect, afterEach } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { fileURLToPath } from 'node:url';
import { at, hard } from '../helpers.js';
import { type BackendStore, backendStore, describeBackends } from '../helpers/backends.js';
import { reparse as reparseSqlite } from '../../src/pipeline/reparse.js';

let t: BackendStore;
afterEach(async () => t?.cleanup());

const ingest = (raw: Buffer, meta: Parameters<BackendStore['ctx']['port']['ingest']>[1]) => t.ctx.port.ingest(raw, meta);
const reparse = (selection?: 'all') => t.ctx.port.reparse(selection ?? 'outdated');
const check = (address: string) => t.ctx.port.check(address, t.ctx.now());

describeBackends('reparse', (backend) => {
  const tempStore = (opts: { now0: string }) => backendStore(backend, opts);

  it('reads outdated messages again, restores their records and rebuilds the suppressions', async () => {
    t = await tempStore({ now0: '2024-05-10T00:00:00Z' });
    await ingest(hard('gone@dest.example'), at('2024-05-01T08:00:00Z'));
    await ingest(hard('kept@dest.example'), at('2024-05-01T08:00:00Z'));
    // as if an older parser had read the first message as a soft bounce and suppressed nothing
    await t.db.updateTable('bounces').set({ type: 'soft', reason: 'mailboxfull' }).where('recipient', '=', 'gone@dest.example').execute();
    await t.db.deleteFrom('suppressions').where('address', '=', 'gone@dest.example').execute();
    await t.db.updateTable('messages').set({ parser_version: '0' }).where('id', '=', 1).execute();
    expect((await check('gone@dest.example')).sendable).toBe(true);

    const r = await reparse();
    expect(r.messages).toBe(1);
    expect(r.changed).toEqual([{ messageId: 1, ref: '2024-05-01T08:00:00Z', changes: ['~ gone@dest.example soft mailboxfull -> hard userunknown'] }]);
    expect(r.suppressions).toEqual([{ address: 'gone@dest.example', before: null, after: 'hard (userunknown)' }]);
    expect((await check('gone@dest.example')).suppression).toMatchObject({ type: 'hard', suppressed_at: '2024-05-01T08:00:00.000Z' });

    // nothing outdated any more; --all reads everything and changes nothing
    expect((await reparse()).messages).toBe(0);
    const all = await reparse('all');
    expect(all).toMatchObject({ messages: 2, changed: [], suppressions: [] });
  });

  it('reports what changed in the order of the messages, whether their records changed or only their kind', async () => {
    t = await tempStore({ now0: '2024-05-10T00:00:00Z' });
    for (const a of ['one', 'two', 'three']) await ingest(hard(`${a}@dest.example`), at('2024-05-01T08:00:00Z'));
    await t.db.updateTable('messages').set({ kind: 'not-bounce' }).where('id', 'in', [1, 3]).execute();
    await t.db.updateTable('bounces').set({ reason: 'mailboxfull' }).where('recipient', '=', 'two@dest.example').execute();
    const r = await reparse('all');
    expect(r.messages).toBe(3);
    expect(r.changed.map((c) => [c.messageId, c.changes])).toEqual([
      [1, ['kind not-bounce -> bounce']],
      [2, ['~ two@dest.example hard mailboxfull -> hard userunknown']],
      [3, ['kind not-bounce -> bounce']],
    ]);
    expect((await reparse('all')).changed).toEqual([]);
  });

  it('honours manual actions when it replays an address', async () => {
    t = await tempStore({ now0: '2024-05-02T00:00:00Z' });
    await ingest(hard('gone@dest.example'), at('2024-05-01T08:00:00Z'));
    await t.ctx.port.unsuppress('gone@dest.example', 'recreated', t.ctx.now());
    await t.db.updateTable('bounces').set({ reason: 'hostunknown' }).execute();
    const r = await reparse('all');
    expect(r.suppressions).toEqual([]); // unsuppressed before, and after the replay
    expect((await check('gone@dest.example')).sendable).toBe(true);
  });

  // ingests and reads every fixture twice: seconds on a busy machine
  it('every fixture: reparse --all twice in a row changes nothing the second time, and every stored text is UTF-8', { timeout: 60_000 }, async () => {
    t = await tempStore({ now0: '2024-05-10T00:00:00Z' });
    const dir = fileURLToPath(new URL('../../fixtures/dsn/', import.meta.url));
    const samples = readdirSync(dir).filter((f) => f.endsWith('.eml'));
    for (const f of samples) await ingest(readFileSync(dir + f), { source: 'file', sourceRef: f, receivedAt: new Date('2024-05-01T08:00:00Z') });
    await reparse('all');
    const second = await reparse('all');
    expect(second.messages).toBe(samples.length);
    expect(second.changed).toEqual([]);
    expect(second.suppressions).toEqual([]);
    // what another reader of the database gets: valid UTF-8 in every text column (no lone surrogates;
    // PostgreSQL refuses to store one)
    if (backend !== 'sqlite') return;
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

describe('reparse on SQLite', () => {
  it('commits its work itself, yet inside a transaction of its caller only adds savepoints to it', async () => {
    t = await backendStore('sqlite', { now0: '2024-05-10T00:00:00Z' });
    for (const a of ['one', 'two', 'three']) await ingest(hard(`${a}@dest.example`), at('2024-05-01T08:00:00Z'));
    const wrong = () => t.db.updateTable('bounces').set({ type: 'soft', reason: 'mailboxfull' }).execute();
    const reasons = async () => (await t.db.selectFrom('bounces').select('reason').orderBy('id').execute()).map((b) => b.reason);
    await wrong();
    // on its own: done and committed, no transaction left open
    expect(reparseSqlite(t.ctx, 'all').changed).toHaveLength(3);
    expect(t.store.sqlite.inTransaction).toBe(false);
    expect(await reasons()).toEqual(['userunknown', 'userunknown', 'userunknown']);
    // inside the caller's transaction: still open after it, and the caller's rollback undoes it
    await wrong();
    t.store.sqlite.exec('BEGIN');
    expect(reparseSqlite(t.ctx, 'all').changed).toHaveLength(3);
    expect(t.store.sqlite.inTransaction).toBe(true);
    t.store.sqlite.exec('ROLLBACK');
    expect(await reasons()).toEqual(['mailboxfull', 'mailboxfull', 'mailboxfull']);
  });
});
