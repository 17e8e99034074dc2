// Event requests that arrive together share one SQLite transaction (one commit): each answer comes
// after that commit, a write that fails is rolled back alone, a transaction that fails fails them all.
import { describe, it, expect, afterEach } from 'vitest';
import { SharedCommit } from '../../src/pipeline/shared-commit.js';
import { decodeEvents, writeEvents } from '../../src/pipeline/events.js';
import { sendgrid } from '../../src/parse/events/sendgrid.js';
import { afterCommit, inTransaction } from '../../src/store/sync.js';
import { openWalSync } from '../../src/store/wal-sync.js';
import { openStore } from '../../src/store/open.js';
import { tempStore, type TempStore } from '../helpers.js';

let t: TempStore | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

const batch = (ids: string[]) =>
  sendgrid.split(JSON.stringify(ids.map((id) => ({ email: `${id}@shared.example`, timestamp: 1714996000, event: 'bounce', type: 'bounce', status: '5.1.1', reason: '550 5.1.1 user unknown', sg_event_id: id }))), null).events;
const count = (sql: string) => (t!.store.sqlite.prepare(sql).get() as { n: number }).n;

describe('SharedCommit', () => {
  it('writes the requests of one turn in one transaction, each settled after its commit', async () => {
    t = await tempStore();
    const ctx = t.ctx;
    const shared = new SharedCommit(ctx.store);
    const commits: number[] = [];
    const write = (ids: string[]) => {
      const d = decodeEvents(ctx, 'sendgrid', batch(ids));
      return shared.run(() => {
        expect(inTransaction(ctx.store)).toBe(true);
        // what runs after the commit: one per transaction
        afterCommit(ctx.store, () => commits.push(count('select count(*) as n from messages')));
        return writeEvents(ctx, d);
      });
    };
    const answers = await Promise.all([write(['a1', 'a2']), write(['b1', 'a2']), write(['c1'])]);
    expect(answers.map((a) => [a.new, a.duplicates])).toEqual([[2, 0], [1, 1], [1, 0]]);
    // each caller's after-commit ran once the group committed, with all four events stored
    expect(commits).toEqual([4, 4, 4]);
    expect(count('select count(*) as n from suppressions where lifted_at is null')).toBe(4);
  });

  it('rolls back a write that throws alone, and rejects only its caller', async () => {
    t = await tempStore();
    const ctx = t.ctx;
    const shared = new SharedCommit(ctx.store);
    const good = decodeEvents(ctx, 'sendgrid', batch(['g1']));
    const bad = decodeEvents(ctx, 'sendgrid', batch(['x1', 'x2']));
    const results = await Promise.allSettled([
      shared.run(() => writeEvents(ctx, good)),
      shared.run(() => {
        writeEvents(ctx, bad);
        throw new Error('this request fails after its writes');
      }),
    ]);
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { new: 1 } });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { message: 'this request fails after its writes' } });
    expect(count("select count(*) as n from messages where event_key like 'sendgrid:x%'")).toBe(0);
    expect(count("select count(*) as n from messages where event_key = 'sendgrid:g1'")).toBe(1);
  });

  it('rejects every caller of a group whose transaction fails, keeping nothing', async () => {
    t = await tempStore();
    const ctx = t.ctx;
    const shared = new SharedCommit(ctx.store);
    // another connection holds the write lock past the busy timeout: the group's transaction fails
    const other = new (ctx.store.sqlite.constructor as typeof import('better-sqlite3'))(ctx.store.sqlite.name);
    other.pragma('busy_timeout = 0');
    other.exec('begin immediate');
    ctx.store.sqlite.pragma('busy_timeout = 50');
    const d1 = decodeEvents(ctx, 'sendgrid', batch(['f1']));
    const d2 = decodeEvents(ctx, 'sendgrid', batch(['f2']));
    const results = await Promise.allSettled([shared.run(() => writeEvents(ctx, d1)), shared.run(() => writeEvents(ctx, d2))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    other.exec('rollback');
    other.close();
    expect(count('select count(*) as n from messages')).toBe(0);
    // the next group commits
    await expect(shared.run(() => writeEvents(ctx, d1))).resolves.toMatchObject({ new: 1 });
  });

  it('with the WAL synced off the thread: commits at NORMAL, answers after an fdatasync begun after the commit', async () => {
    t = await tempStore();
    const ctx = t.ctx;
    const wal = openWalSync(ctx.store)!;
    expect(wal).not.toBeNull();
    const shared = new SharedCommit(ctx.store, { walSync: wal });
    const modes: number[] = [];
    const write = (ids: string[]) => {
      const d = decodeEvents(ctx, 'sendgrid', batch(ids));
      return shared.run(() => {
        modes.push(ctx.store.sqlite.pragma('synchronous', { simple: true }) as number);
        return writeEvents(ctx, d);
      });
    };
    let answered = 0;
    const first = [write(['s1']), write(['s2', 's3'])];
    for (const p of first) void p.then(() => answered++);
    // committed in the next turn, answered only once the sync has ended
    await new Promise((r) => setImmediate(r));
    expect(count("select count(*) as n from messages where event_key like 'sendgrid:s%'")).toBe(3);
    expect(answered).toBe(0);
    expect((await Promise.all(first)).map((a) => a.new)).toEqual([1, 2]);
    expect(wal.syncs).toBe(1);
    // the next turn's writes: one more commit, one more sync
    const second = write(['s4']);
    const third = write(['s5']);
    expect((await Promise.all([second, third])).map((a) => a.new)).toEqual([1, 1]);
    expect(wal.syncs).toBe(2);
    // NORMAL inside the commits, FULL again outside them
    expect(modes).toEqual([1, 1, 1, 1]);
    expect(ctx.store.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    await shared.idle();
    await wal.close();
    // a write whose sync fails is rejected (committed, not known durable: a retry is a duplicate)
    await expect(write(['s6'])).rejects.toThrow(/closed/);
    const other = await openStore(ctx.store.path, { create: false });
    expect((other.sqlite.prepare("select count(*) as n from messages where event_key like 'sendgrid:s%'").get() as { n: number }).n).toBe(6);
    await other.close();
  });
});
