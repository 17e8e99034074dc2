// The SQLite port's ingestGroup on a FULL connection commits with NORMAL and settles only after
// an fdatasync of the WAL made after the commit (off the thread): as durable as a FULL commit,
// without holding the thread for the fsync. The sync is watched through node:fs/promises' open.
import { afterEach, describe, expect, it, vi } from 'vitest';
import SQLite from 'better-sqlite3';
import { hard, mailboxFull, tempStore, type TempStore } from '../helpers.js';
import { synchronousMode } from '../../src/store/durability.js';

const syncs: Array<{ path: string; rowsSeen: number }> = [];
let watchDb: string | null = null;

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    open: async (...args: Parameters<typeof real.open>) => {
      const file = await real.open(...args);
      const path = String(args[0]);
      const datasync = file.datasync.bind(file);
      file.datasync = async () => {
        // what another connection sees when the sync starts: the commit came first
        const other = watchDb ? new SQLite(watchDb, { readonly: true }) : null;
        const rowsSeen = other ? (other.prepare('select count(*) as n from messages').get() as { n: number }).n : -1;
        other?.close();
        syncs.push({ path, rowsSeen });
        return datasync();
      };
      return file;
    },
  };
});

let t: TempStore | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
  syncs.length = 0;
  watchDb = null;
});

const items = (...raws: Buffer[]) => raws.map((raw, i) => ({ raw, meta: { source: 'imap' as const, sourceRef: `uid ${i}` } }));

describe('ingestGroup on SQLite', () => {
  it('settles after one fdatasync of the WAL, begun once the group was committed, and leaves the connection in FULL mode', async () => {
    t = await tempStore();
    watchDb = t.store.path;
    expect(synchronousMode(t.store)).toBe('FULL');
    const a = hard('a@dest.example');
    const results = await t.ctx.port.ingestGroup(items(a, mailboxFull('b@dest.example')));
    expect(results.map((r) => [r.duplicate, r.storedStatus])).toEqual([
      [false, 'parsed'],
      [false, 'parsed'],
    ]);
    expect(syncs).toEqual([{ path: `${t.store.path}-wal`, rowsSeen: 2 }]);
    expect(synchronousMode(t.store)).toBe('FULL');
    // again: the same bytes are duplicates, and each group has its own sync
    const again = await t.ctx.port.ingestGroup(items(a));
    expect(again[0]!.duplicate).toBe(true);
    expect(syncs).toHaveLength(2);
  });

  it('inside a caller transaction, or on a NORMAL connection, writes as it is, without a sync of its own', async () => {
    t = await tempStore({ synchronous: 'NORMAL' });
    await t.ctx.port.ingestGroup(items(hard('a@dest.example')));
    expect(syncs).toEqual([]);
    expect(synchronousMode(t.store)).toBe('NORMAL');
    await t.cleanup();
    t = await tempStore();
    const store = t.store;
    const port = t.ctx.port;
    // the caller's transaction commits it (and syncs, in FULL mode)
    store.sqlite.exec('BEGIN IMMEDIATE');
    const pending = port.ingestGroup(items(hard('c@dest.example')));
    store.sqlite.exec('COMMIT');
    await pending;
    expect(syncs).toEqual([]);
    expect(synchronousMode(store)).toBe('FULL');
    expect((store.sqlite.prepare('select count(*) as n from messages').get() as { n: number }).n).toBe(1);
  });
});
