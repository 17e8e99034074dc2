// The dashboard's roll-ups (migrations 0009 and 0013) stay equal to counting the records and the
// suppressions, through ingestion, a reparse (records deleted and written again), a suppress and an
// unsuppress, a message deleted; and the suppression search filters, sorts and pages on the server.
import { describe, it, expect, afterEach } from 'vitest';
import { Migrator } from 'kysely';
import { ingest } from '../../src/pipeline/ingest.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { migrate } from '../../src/store/open.js';
import { reparse } from '../../src/pipeline/reparse.js';
import { suppressAddress, unsuppressAddress } from '../../src/policy/manual.js';
import { type BucketCounts, dimensionCounts, statusCountsByDay, dimensionRows, recordSeries, searchSuppressions, suppressionRows, suppressionSeries, ROLLUP_DIMS, type TimeRange } from '../../src/store/dashboard.js';
import { at, blocked, complaint, hard, mailboxFull, tempStore, type TempStore } from '../helpers.js';

let t: TempStore;
afterEach(async () => t?.cleanup());

const DAY = { from: '2024-05-01T00:00:00.000Z', to: '2024-05-04T00:00:00.000Z' };
const SHIFTED = { from: '2024-05-01T00:00:01.000Z', to: '2024-05-04T00:00:00.000Z' };

/** One dimension counted from the records (the path of a range inside days) */
function fromRecords(t: TempStore, dim: number, r: TimeRange): BucketCounts[] {
  const m = new Map<string, BucketCounts>();
  for (const row of dimensionRows(t.store, r)) {
    const c = m.get(row[dim]!) ?? { key: row[dim]!, hard: 0, soft: 0, complaint: 0, other: 0 };
    c[row[2]]++;
    m.set(row[dim]!, c);
  }
  return [...m.values()];
}

function sorted<T>(rows: T[]): T[] {
  return rows.map((r) => JSON.stringify(r)).sort().map((s) => JSON.parse(s) as T);
}

describe('dashboard store', () => {
  it('roll-ups count what the records count, after ingest, reparse and delete', async () => {
    t = await tempStore();
    ingest(t.ctx, hard('a@dest.example'), at('2024-05-01T08:00:00Z'));
    ingest(t.ctx, hard('b@dest.example'), at('2024-05-01T09:30:00Z'));
    ingest(t.ctx, mailboxFull('c@other.example'), at('2024-05-02T10:00:00Z'));
    ingest(t.ctx, blocked('d@gmail.com'), at('2024-05-02T11:00:00Z'));
    ingest(t.ctx, complaint('e@other.example', 'abuse'), at('2024-05-03T12:00:00Z'));
    const check = () => {
      ROLLUP_DIMS.forEach((dim, i) => {
        // whole days read the roll-up, a range inside days the records
        expect(sorted(dimensionCounts(t.store, dim, DAY))).toEqual(sorted(fromRecords(t, i, SHIFTED)));
      });
    };
    check();
    const series = recordSeries(t.store, DAY, 'day');
    expect(series).toEqual([
      { t: '2024-05-01', bucket: 'hard', n: 2 },
      { t: '2024-05-02', bucket: 'soft', n: 2 },
      { t: '2024-05-03', bucket: 'complaint', n: 1 },
    ]);
    expect(recordSeries(t.store, DAY, 'hour').map((r) => r.t)).toContain('2024-05-01T09');
    const why = dimensionCounts(t.store, 'why', DAY);
    expect(why.find((r) => r.key === 'userunknown\t550\t5.1.1')).toEqual({ key: 'userunknown\t550\t5.1.1', hard: 2, soft: 0, complaint: 0, other: 0 });
    expect(statusCountsByDay(t.store, '2024-05-01', '2024-05-04').find((r) => r.status === '5.1.1')).toEqual({ status: '5.1.1', n: 2 });

    reparse(t.ctx, 'all');
    check();
    expect(recordSeries(t.store, DAY, 'day')).toEqual(series);

    // an update (as a migration renaming a reason makes) moves the counts with it
    t.store.sqlite.prepare("update bounces set reason = 'ratelimited', event_at = '2024-05-03T01:00:00.000Z' where recipient = 'c@other.example'").run();
    check();
    expect(recordSeries(t.store, DAY, 'day').find((r) => r.t === '2024-05-03' && r.bucket === 'soft')).toEqual({ t: '2024-05-03', bucket: 'soft', n: 1 });

    t.store.sqlite.prepare("delete from messages where id = (select message_id from bounces where recipient = 'a@dest.example')").run();
    expect(recordSeries(t.store, DAY, 'day')[0]).toEqual({ t: '2024-05-01', bucket: 'hard', n: 1 });
    check();
  });

  it('the migration fills the roll-ups from the records already stored', async () => {
    t = await tempStore({ migrate: false });
    // every migration but this one (and 0014, which changes its triggers), as a store made before it
    const before = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name !== '0009-dashboard' && name !== '0014-rollups-at-commit'));
    const migrator = new Migrator({ db: t.store.db, provider: { getMigrations: async () => before }, allowUnorderedMigrations: true });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    ingest(t.ctx, hard('a@dest.example'), at('2024-05-01T08:00:00Z'));
    ingest(t.ctx, mailboxFull('c@other.example'), at('2024-05-02T10:00:00Z'));
    ingest(t.ctx, complaint('e@other.example', 'abuse'), at('2024-05-03T12:00:00Z'));
    expect((await migrate(t.store)).error).toBeUndefined();
    ROLLUP_DIMS.forEach((dim, i) => expect(sorted(dimensionCounts(t.store, dim, DAY))).toEqual(sorted(fromRecords(t, i, SHIFTED))));
    expect(recordSeries(t.store, DAY, 'day').map((r) => r.bucket)).toEqual(['hard', 'soft', 'complaint']);
  });

  it('searches suppressions with filters, sorting and paging', async () => {
    t = await tempStore();
    for (let i = 0; i < 12; i++) ingest(t.ctx, hard(`user${String(i).padStart(2, '0')}@many.example`), at(`2024-05-01T08:00:${String(i).padStart(2, '0')}Z`));
    ingest(t.ctx, complaint('reader@other.example', 'abuse'), at('2024-05-02T08:00:00Z'));
    suppressAddress(t.ctx, 'ceo@other.example', 'asked by phone', new Date('2024-05-03T08:00:00Z'), 'ui:alice');
    const now = '2024-06-01T00:00:00.000Z';
    const base = { state: 'active' as const, sort: 'address' as const, desc: false, offset: 0, limit: 5 };
    const p1 = searchSuppressions(t.store, base, now);
    expect(p1).toMatchObject({ total: 14, more: true });
    expect(p1.items.map((s) => s.address)).toEqual(['ceo@other.example', 'reader@other.example', 'user00@many.example', 'user01@many.example', 'user02@many.example']);
    const p3 = searchSuppressions(t.store, { ...base, offset: 10 }, now);
    expect(p3.items.map((s) => s.address)).toEqual(['user08@many.example', 'user09@many.example', 'user10@many.example', 'user11@many.example']);
    expect(p3.more).toBe(false);
    // the address's start, in any case
    expect(searchSuppressions(t.store, { ...base, q: 'CEO@' }, now).items.map((s) => s.address)).toEqual(['ceo@other.example']);
    expect(searchSuppressions(t.store, { ...base, q: 'other' }, now).total).toBe(0);
    expect(searchSuppressions(t.store, { ...base, q: 'USER1' }, now).total).toBe(2);
    expect(searchSuppressions(t.store, { ...base, domain: 'other.example' }, now).total).toBe(2);
    expect(searchSuppressions(t.store, { ...base, types: ['manual', 'complaint'] }, now).items.map((s) => s.type)).toEqual(['manual', 'complaint']);
    expect(searchSuppressions(t.store, { ...base, reason: 'phone' }, now).items.map((s) => s.address)).toEqual(['ceo@other.example']);
    expect(searchSuppressions(t.store, { ...base, from: '2024-05-02T00:00:00.000Z' }, now).total).toBe(2);
    expect(searchSuppressions(t.store, { ...base, sort: 'suppressedAt', desc: true, limit: 1 }, now).items[0]!.address).toBe('ceo@other.example');
    const series = suppressionSeries(t.store, { from: '2024-05-01T00:00:00.000Z', to: '2024-05-04T00:00:00.000Z' }, 'day');
    expect(series).toEqual([
      { t: '2024-05-01', type: 'hard', n: 12 },
      { t: '2024-05-02', type: 'complaint', n: 1 },
      { t: '2024-05-03', type: 'manual', n: 1 },
    ]);
    const actor = t.store.sqlite.prepare('select actor from manual_actions').get() as { actor: string };
    expect(actor.actor).toBe('ui:alice');
  });

  it('the suppressions over time read from the roll-up count what the suppressions count', async () => {
    t = await tempStore({ migrate: false });
    // a store made before migration 0013 (and 0014, which changes its triggers), with suppressions
    // in it: the migration fills the roll-up
    const before = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name !== '0013-suppression-rollup' && name !== '0014-rollups-at-commit'));
    const migrator = new Migrator({ db: t.store.db, provider: { getMigrations: async () => before }, allowUnorderedMigrations: true });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    ingest(t.ctx, hard('a@dest.example'), at('2024-05-01T08:00:00Z'));
    ingest(t.ctx, hard('b@dest.example'), at('2024-05-02T23:30:00Z'));
    unsuppressAddress(t.ctx, 'a@dest.example', 'fixed', new Date('2024-05-03T09:00:00Z'));
    expect((await migrate(t.store)).error).toBeUndefined();
    const ranges = [DAY, SHIFTED, { from: '2024-04-30T12:00:00.000Z', to: '2024-05-05T06:00:00.000Z' }, { from: '2024-05-02T01:00:00.000Z', to: '2024-05-02T23:00:00.000Z' }];
    const check = () => {
      for (const r of ranges) expect(suppressionSeries(t.store, r, 'day'), `${r.from} ${r.to}`).toEqual(suppressionRows(t.store, r, 'day'));
    };
    check();
    expect(suppressionSeries(t.store, DAY, 'day')).toEqual([
      { t: '2024-05-01', type: 'hard', n: 1 },
      { t: '2024-05-02', type: 'hard', n: 1 },
      { t: '2024-05-03', type: 'lifted', n: 1 },
    ]);
    // the triggers: the policy, a manual suppress and unsuppress, a reparse, an update, a delete
    ingest(t.ctx, complaint('c@other.example', 'abuse'), at('2024-05-02T10:00:00Z'));
    ingest(t.ctx, mailboxFull('d@other.example'), at('2024-05-03T10:00:00Z'));
    suppressAddress(t.ctx, 'e@other.example', 'asked', new Date('2024-05-03T11:00:00Z'));
    unsuppressAddress(t.ctx, 'b@dest.example', 'fixed too', new Date('2024-05-04T01:00:00Z'));
    check();
    reparse(t.ctx, 'all');
    check();
    t.store.sqlite.prepare("update suppressions set type = 'manual', suppressed_at = '2024-05-01T12:00:00.000Z' where address = 'c@other.example'").run();
    t.store.sqlite.prepare("update suppressions set last_event_at = '2024-05-03T12:00:00.000Z'").run();
    check();
    t.store.sqlite.prepare("delete from suppressions where address = 'a@dest.example'").run();
    check();
    expect(suppressionSeries(t.store, DAY, 'day')).toContainEqual({ t: '2024-05-01', type: 'manual', n: 1 });
    expect(suppressionSeries(t.store, DAY, 'day')).toContainEqual({ t: '2024-05-03', type: 'manual', n: 1 });
  });
});
