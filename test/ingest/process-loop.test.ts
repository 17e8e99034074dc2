// The background processing of a listener, on a real SQLite file: it drains what is pending in
// slices, gives way to commits, and keeps going while sessions are busy.
import { describe, it, expect, afterEach } from 'vitest';
import { statSync } from 'node:fs';
import { type Parsed, safeParse, spoolRaw } from '../../src/pipeline/ingest.js';
import { ProcessLoop } from '../../src/pipeline/process-loop.js';
import { GroupCommit } from '../../src/pipeline/group-commit.js';
import { openWalSync } from '../../src/store/wal-sync.js';
import { openStore } from '../../src/store/open.js';
import { hard, tempStore, type TempStore } from '../helpers.js';

let t: TempStore;
afterEach(async () => t?.cleanup());

const pending = (t: TempStore) => (t.store.sqlite.prepare("select count(*) as n from messages where status = 'pending'").get() as { n: number }).n;
const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('ProcessLoop', () => {
  it('drains what is pending in slices, committing waiting messages before each slice', async () => {
    t = await tempStore();
    for (let i = 0; i < 30; i++) spoolRaw(t.ctx, hard(`p${i}@dest.example`), { source: 'smtp' });
    let before = 0;
    const loop = new ProcessLoop(t.ctx, { sliceSize: 4, beforeSlice: () => before++ });
    loop.kick();
    await until(() => pending(t) === 0);
    expect(loop.processed).toBe(30);
    expect(before).toBe(Math.ceil(30 / 4)); // one per slice, the last one finding less than a slice
    // the slices ran at synchronous=NORMAL; the connection is back to FULL
    expect(t.store.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    loop.stop();
  });

  it('still drains while sessions are busy, pausing between slices', async () => {
    t = await tempStore();
    for (let i = 0; i < 20; i++) spoolRaw(t.ctx, hard(`b${i}@dest.example`), { source: 'smtp' });
    const loop = new ProcessLoop(t.ctx, { sliceSize: 4, busy: () => true });
    loop.kick();
    await until(() => pending(t) === 0);
    expect(loop.processed).toBe(20);
    loop.stop();
  });

  it('with the parse done elsewhere, writes the slices in order however the parses finish', async () => {
    t = await tempStore();
    for (let i = 0; i < 25; i++) spoolRaw(t.ctx, hard(`e${i}@dest.example`), { source: 'smtp' });
    const written: number[] = [];
    let parses = 0;
    // a parser that answers out of order: the first slices take longest
    const parse = (inputs: ReadonlyArray<{ raw: Uint8Array; format: string | null }>) =>
      new Promise<Parsed[]>((resolve) =>
        setTimeout(() => resolve(inputs.map((i) => safeParse(i.raw, t.store.classifier, i.format))), Math.max(0, 40 - 10 * parses++)),
      );
    const loop = new ProcessLoop(t.ctx, { sliceSize: 4, parse, onProcessed: (results) => written.push(...results.map((r) => r.messageId)) });
    loop.kick();
    await until(() => pending(t) === 0);
    expect(loop.processed).toBe(25);
    expect(written).toEqual([...written].sort((a, b) => a - b));
    expect(new Set(written).size).toBe(25);
    const bounces = (t.store.sqlite.prepare('select count(*) as n from bounces').get() as { n: number }).n;
    expect(bounces).toBe(25);
    expect(t.store.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    loop.stop();
  });

  it('with the parse done elsewhere, a parser that fails leaves the messages pending and tries again', async () => {
    t = await tempStore();
    for (let i = 0; i < 6; i++) spoolRaw(t.ctx, hard(`f${i}@dest.example`), { source: 'smtp' });
    let fail = true;
    const parse = async (inputs: ReadonlyArray<{ raw: Uint8Array; format: string | null }>) => {
      if (fail) throw new Error('the parse worker died');
      return inputs.map((i) => safeParse(i.raw, t.store.classifier, i.format));
    };
    const loop = new ProcessLoop(t.ctx, { sliceSize: 4, parse });
    loop.kick();
    await new Promise((r) => setTimeout(r, 50));
    expect(pending(t)).toBe(6);
    fail = false;
    await until(() => pending(t) === 0, 5_000); // the first retry comes after a second
    expect(loop.processed).toBe(6);
    loop.stop();
  });

  it('leaves what is pending once stopped', async () => {
    t = await tempStore();
    for (let i = 0; i < 10; i++) spoolRaw(t.ctx, hard(`s${i}@dest.example`), { source: 'smtp' });
    const loop = new ProcessLoop(t.ctx, { sliceSize: 2 });
    loop.stop();
    loop.kick();
    await new Promise((r) => setTimeout(r, 50));
    expect(pending(t)).toBe(10);
  });
});

describe('GroupCommit', () => {
  it('commits messages handed in together as one transaction, and each gets its own result', async () => {
    t = await tempStore();
    const gc = new GroupCommit(t.ctx);
    const raws = Array.from({ length: 12 }, (_, i) => hard(`g${i}@dest.example`));
    const results = await Promise.all([...raws, raws[0]!].map((r) => gc.spool(r, { source: 'smtp' })));
    expect(gc.stats).toMatchObject({ commits: 1, messages: 13, failedCommits: 0, largestBatch: 13 });
    expect(new Set(results.slice(0, 12).map((r) => r.messageId)).size).toBe(12);
    // the same bytes twice in one batch: stored once
    expect(results[12]).toMatchObject({ messageId: results[0]!.messageId, duplicate: true });
    expect(pending(t)).toBe(12);
  });

  it('splits at maxBatch', async () => {
    t = await tempStore();
    const gc = new GroupCommit(t.ctx, { maxBatch: 5 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => gc.spool(hard(`m${i}@dest.example`), { source: 'smtp' })));
    expect(gc.stats).toMatchObject({ commits: 3, messages: 12, largestBatch: 5 });
  });
});

describe('GroupCommit with the WAL synced off the thread', () => {
  it('answers each message after an fdatasync that began after its commit; batches committed meanwhile share the next one', async () => {
    t = await tempStore();
    const wal = openWalSync(t.store)!;
    expect(wal).not.toBeNull();
    const gc = new GroupCommit(t.ctx, { walSync: wal });
    // three batches committed in one turn of the event loop (flush commits at once): the first
    // commit starts a sync; the two committed while it runs wait for the next one, together
    const promises = [0, 1, 2].flatMap((b) => {
      const ps = [0, 1, 2, 3].map((i) => gc.spool(hard(`w${b}-${i}@dest.example`), { source: 'smtp' }));
      gc.flush();
      return ps;
    });
    let answered = 0;
    for (const p of promises) void p.then(() => answered++);
    await Promise.resolve();
    expect(answered).toBe(0); // committed, not yet synced
    const results = await Promise.all(promises);
    expect(new Set(results.map((r) => r.messageId)).size).toBe(12);
    expect(gc.stats).toMatchObject({ commits: 3, messages: 12, failedCommits: 0, largestBatch: 4, syncs: 2 });
    // the commit itself did not sync: it ran at NORMAL, and the connection is back to FULL
    expect(t.store.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    await gc.idle();
    await wal.close();
    // another connection sees all of them committed
    const other = await openStore(t.store.path, { create: false });
    expect((other.sqlite.prepare('select count(*) as n from messages').get() as { n: number }).n).toBe(12);
    await other.close();
  });

  it('has nothing to sync in memory, and refuses after close', async () => {
    const mem = await openStore(':memory:');
    expect(openWalSync(mem)).toBeNull();
    await mem.close();
    t = await tempStore();
    const wal = openWalSync(t.store)!;
    await wal.sync();
    expect(wal.syncs).toBe(1);
    await wal.close();
    await expect(wal.sync()).rejects.toThrow(/closed/);
  });
});

describe('the inline spooler', () => {
  it('checkpoints the WAL once sessions are quiet, not inside their commits', async () => {
    const { openInlineSpooler } = await import('../../src/pipeline/spooler-inline.js');
    t = await tempStore();
    const spooler = await openInlineSpooler({ dbPath: t.store.path });
    try {
      // no automatic checkpoint on the spool connection: a commit never copies the WAL back
      expect(spooler.store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      for (let i = 0; i < 20; i++) await spooler.spool(hard(`c${i}@dest.example`), { source: 'smtp' });
      const walBytes = () => statSync(`${t.store.path}-wal`).size;
      expect(walBytes()).toBeGreaterThan(0);
      // quiet now: the next tick of the checkpoint timer copies everything back; a PASSIVE
      // checkpoint then finds nothing left to copy
      await until(() => {
        const [r] = spooler.store.sqlite.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number; checkpointed: number }>;
        return r!.log === r!.checkpointed;
      }, 5_000);
    } finally {
      await spooler.close();
    }
  });
});
