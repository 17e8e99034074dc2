// Requests committed together (src/http/events/group-commit.ts): on a real SQLite store, each
// request's writes commit or roll back on their own, every answer comes after the commit, and
// SendGrid batches posted at once, sharing events, count each event once.
import { describe, it, expect, afterEach, vi } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { groupCommit } from '../../src/http/events/group-commit.js';
import { tempStore, type TempStore } from '../helpers.js';
import { type EventsApi, rows, sendgridKeys, startEventsApi } from '../helpers/events.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let t: TempStore | undefined;
let api: EventsApi | undefined;
afterEach(async () => {
  await t?.cleanup();
  await api?.close();
  t = api = undefined;
});

describe('groupCommit', () => {
  it('runs the work of one turn in one transaction; a failing request rolls back only its own writes', async () => {
    t = await tempStore();
    const store = t.store;
    store.sqlite.exec('create table gc (v text not null)');
    const commit = groupCommit(store);
    const insert = (v: string) => store.sqlite.prepare('insert into gc (v) values (?)').run(v);
    // another connection sees only what is committed
    const other = new Database(join(t.dir, 'rebound.db'), { readonly: true });
    const committed = () => other.prepare('select count(*) as n from gc').get();
    const seen: unknown[] = [];
    const a = commit(() => (insert('a'), 'A'));
    const b = commit(() => {
      insert('b');
      throw new Error('b fails');
    });
    const c = commit(() => {
      insert('c');
      // a's row is written in the same transaction, not committed yet
      seen.push(committed());
      return 'C';
    });
    await expect(a).resolves.toBe('A');
    await expect(b).rejects.toThrow('b fails');
    await expect(c).resolves.toBe('C');
    expect(seen).toEqual([{ n: 0 }]);
    expect(committed()).toEqual({ n: 2 });
    other.close();
    expect(store.sqlite.inTransaction).toBe(false);
    expect(store.sqlite.prepare('select v from gc order by v').all()).toEqual([{ v: 'a' }, { v: 'c' }]);
  });

  it('rejects every request of the group when the commit fails, and nothing is stored', async () => {
    t = await tempStore();
    const store = t.store;
    store.sqlite.exec('create table gc (v text not null)');
    // a deferred constraint fails at COMMIT, after every request's work succeeded
    store.sqlite.exec('create table parent (id integer primary key); create table child (p integer references parent(id) deferrable initially deferred)');
    const commit = groupCommit(store);
    const one = commit(() => store.sqlite.prepare("insert into gc (v) values ('one')").run());
    const two = commit(() => store.sqlite.prepare('insert into child (p) values (42)').run());
    await expect(one).rejects.toThrow(/FOREIGN KEY/);
    await expect(two).rejects.toThrow(/FOREIGN KEY/);
    expect(store.sqlite.prepare('select count(*) as n from gc').get()).toEqual({ n: 0 });
    // the committer goes on working
    await expect(commit(() => store.sqlite.prepare("insert into gc (v) values ('later')").run().changes)).resolves.toBe(1);
  });
});

describe('SendGrid batches posted at once', () => {
  it('count each event once, and each answer tells its own new and duplicates', async () => {
    const keys = sendgridKeys();
    api = await startEventsApi({ sendgrid: { publicKey: keys.publicKey } });
    const ev = (i: number) => ({ email: `u${i}@conc.example`, timestamp: 1714996000, event: 'bounce', type: 'bounce', status: '5.1.1', reason: '550 5.1.1 user unknown', sg_event_id: `c${i}` });
    // five batches of ten events, each sharing five events with the next
    const bodies = Array.from({ length: 5 }, (_, b) => JSON.stringify(Array.from({ length: 10 }, (_, j) => ev(b * 5 + j))));
    const answers = await Promise.all(bodies.map((body) => api!.post('sendgrid', body, keys.headers(body, api!.now()))));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const total = answers.reduce((n, a) => n + a.json.new, 0);
    expect(total).toBe(30);
    expect(answers.reduce((n, a) => n + a.json.duplicates, 0)).toBe(20);
    expect(rows(api.t, 'select count(*) as n from messages')[0].n).toBe(30);
    expect(rows(api.t, 'select count(*) as n from bounces')[0].n).toBe(30);
    expect(rows(api.t, "select count(*) as n from suppressions where lifted_at is null")[0].n).toBe(30);
  });
});
