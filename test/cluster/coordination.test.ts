// The coordination of several hosts through the store, on SQLite and on a real PostgreSQL (the same
// cases, parameterised): leases taken by one of two competing owners, renewed, taken over once
// expired or released; on PostgreSQL, many owners racing on separate connections; the lease keeper
// handing a mailbox over; heartbeats judged alive, stale and stopped; hosts long gone forgotten.
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { openPgStore, migratePg, type PgStore } from '../../src/store/pg/open.js';
import { pgCoordination } from '../../src/store/pg/coordination.js';
import type { CoordinationPort } from '../../src/store/port.js';
import { keepLease } from '../../src/cluster/lease.js';
import { startHeartbeat } from '../../src/cluster/heartbeat.js';
import { formatStatus, readStatus } from '../../src/cluster/status.js';
import { itNeeds } from '../helpers/integration.js';
import { freshDatabase, postgresMissing, type TestDatabase } from '../helpers/postgres.js';
import { tempStore, type TempStore } from '../helpers.js';
import { killable } from '../helpers/killable-port.js';

const pgMissing = await postgresMissing();
let database: TestDatabase | undefined;
let pgStore: PgStore | undefined;
let sqlite: TempStore | undefined;

beforeAll(async () => {
  sqlite = await tempStore();
  if (pgMissing) return;
  database = await freshDatabase();
  pgStore = openPgStore(database.url, { max: 20 });
  await migratePg(pgStore);
}, 60_000);

afterAll(async () => {
  await sqlite?.cleanup();
  await pgStore?.close();
  await database?.drop();
});

const T0 = new Date('2026-12-03T10:00:00.000Z');
const after = (ms: number) => new Date(T0.getTime() + ms);
const until = (d: Date, ms = 30_000) => new Date(d.getTime() + ms);
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function eventually(check: () => boolean, ms: number): Promise<number> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await wait(20);
  }
  return Date.now() - start;
}

const backends: Array<{ name: string; missing: string | null; port: () => CoordinationPort }> = [
  { name: 'SQLite', missing: null, port: () => sqlite!.ctx.port },
  { name: 'PostgreSQL', missing: pgMissing, port: () => pgCoordination(pgStore!.db) },
];

describe.each(backends)('coordination on $name', ({ name, missing, port }) => {
  const it = itNeeds(missing);
  // each case its own lease and host names: the backends' stores live for the whole file
  const n = (s: string) => `${s}-${name}`;

  it('one of two competing owners holds a lease; renewal keeps it; the other takes it once it expired', async () => {
    const p = port();
    const lease = n('imap:bounces@imap.example/INBOX');
    const a = await p.acquireLease(lease, 'mx1', T0, until(T0));
    expect(a).toMatchObject({ held: true, lease: { owner: 'mx1', acquiredAt: T0.toISOString(), expiresAt: until(T0).toISOString() } });
    // mx2 while mx1's lease runs: refused, told who holds it
    const b = await p.acquireLease(lease, 'mx2', after(10_000), until(after(10_000)));
    expect(b).toEqual({ held: false, lease: a.lease });
    // mx1 renews: same acquisition, later expiry
    const renewed = await p.acquireLease(lease, 'mx1', after(20_000), until(after(20_000)));
    expect(renewed).toEqual({ held: true, lease: { name: lease, owner: 'mx1', acquiredAt: T0.toISOString(), expiresAt: until(after(20_000)).toISOString() } });
    // mx2 just before the renewed expiry: still refused; at it: taken
    expect((await p.acquireLease(lease, 'mx2', after(49_999), until(after(49_999)))).held).toBe(false);
    const taken = await p.acquireLease(lease, 'mx2', after(50_000), until(after(50_000)));
    expect(taken).toMatchObject({ held: true, lease: { owner: 'mx2', acquiredAt: after(50_000).toISOString() } });
    // mx1 comes back: refused, mx2 holds it
    expect(await p.acquireLease(lease, 'mx1', after(51_000), until(after(51_000)))).toMatchObject({ held: false, lease: { owner: 'mx2' } });
    // a release by a host not holding it changes nothing; by the holder, frees it at once
    await p.releaseLease(lease, 'mx1');
    expect((await p.acquireLease(lease, 'mx1', after(52_000), until(after(52_000)))).held).toBe(false);
    await p.releaseLease(lease, 'mx2');
    expect(await p.acquireLease(lease, 'mx1', after(53_000), until(after(53_000)))).toMatchObject({ held: true, lease: { owner: 'mx1', acquiredAt: after(53_000).toISOString() } });
    expect((await p.leases()).filter((l) => l.name === lease)).toEqual([{ name: lease, owner: 'mx1', acquiredAt: after(53_000).toISOString(), expiresAt: until(after(53_000)).toISOString() }]);
  });

  it('many owners racing for one free lease: exactly one holds it', async () => {
    const p = port();
    for (let round = 0; round < 5; round++) {
      const lease = n(`export:leader:race${round}`);
      const now = new Date();
      const tries = await Promise.all(Array.from({ length: 16 }, (_, i) => p.acquireLease(lease, `mx${i}`, now, until(now))));
      const winners = tries.filter((t) => t.held);
      expect(winners).toHaveLength(1);
      // every loser was told the winner
      for (const t of tries) expect(t.lease?.owner).toBe(winners[0]!.lease!.owner);
    }
  });

  it('lease keepers: one of two holds it; the other takes over within the lease when the holder stops renewing, at once on a release', async () => {
    const p = port();
    const name = n('imap:keepers');
    const ttlMs = 900;
    const host1 = killable(p);
    const one = keepLease({ port: host1.port, name, owner: 'mx1', ttlMs });
    await eventually(() => one.held, 2000);
    const two = keepLease({ port: p, name, owner: 'mx2', ttlMs });
    await two.attempt();
    expect([one.held, two.held]).toEqual([true, false]);
    expect(two.holder).toBe('mx1');
    // several renewal periods: still mx1's (renewed, not lost)
    await wait(ttlMs * 2);
    expect([one.held, two.held]).toEqual([true, false]);
    // mx1 dies: no more renewals. mx2 takes over within the lease (plus one retry period); mx1's
    // keeper counted it lost before (it could not renew), so the two never both held it
    host1.kill();
    let both = false;
    const watch = setInterval(() => (both ||= one.held && two.held), 5);
    const took = await eventually(() => two.held, ttlMs * 3);
    clearInterval(watch);
    expect(took).toBeLessThanOrEqual(ttlMs + ttlMs / 3 + 400);
    expect(one.held).toBe(false);
    expect(both).toBe(false);
    await one.release();
    // a clean release hands it over at once (at the other's next try)
    const three = keepLease({ port: p, name, owner: 'mx3', ttlMs });
    await three.attempt();
    expect(three.held).toBe(false);
    await two.release();
    expect(await three.attempt()).toBe(true);
    await three.release();
  });

  it('heartbeats: alive while beating, stale after three missed beats, stopped after a clean stop; status lists leases', async () => {
    const p = port();
    const id = n('mx-beat');
    let clock = new Date();
    const beat = startHeartbeat({ port: p, hostId: id, intervalMs: 1000, spoolBacklogBytes: async () => 4096, now: () => clock });
    await beat.beat();
    let host = (await readStatus(p, clock)).hosts.find((h) => h.id === id);
    expect(host).toMatchObject({ state: 'alive', heartbeatSeconds: 1, spoolBacklogBytes: 4096, pid: process.pid, startedAt: expect.any(String) });
    const started = host!.startedAt;
    // 2.5 s later, a beat: last seen moves, started stays
    clock = new Date(clock.getTime() + 2500);
    await beat.beat();
    host = (await readStatus(p, clock)).hosts.find((h) => h.id === id);
    expect(host).toMatchObject({ state: 'alive', startedAt: started, lastSeenAt: clock.toISOString() });
    // read 3.1 s after the last beat (three beats missed): stale
    expect((await readStatus(p, new Date(clock.getTime() + 3100))).hosts.find((h) => h.id === id)?.state).toBe('stale');
    expect((await readStatus(p, new Date(clock.getTime() + 2900))).hosts.find((h) => h.id === id)?.state).toBe('alive');
    await beat.stop();
    const s = await readStatus(p, new Date(clock.getTime() + 60_000));
    expect(s.hosts.find((h) => h.id === id)).toMatchObject({ state: 'stopped', spoolBacklogBytes: 0 });
    expect(s).toMatchObject({ pendingMessages: expect.any(Number), outbox: { pending: 0, dead: 0 }, pendingSubscriptions: 0 });
    // the leases as the status shows them: an IMAP mailbox's, the exports leader's
    await p.acquireLease(`imap:${id}@imap.example/INBOX`, id, clock, until(clock));
    await p.acquireLease('export:leader', id, clock, until(clock));
    const leased = await readStatus(p, clock);
    expect(leased.imap).toContainEqual({ mailbox: `${id}@imap.example/INBOX`, owner: id, acquiredAt: clock.toISOString(), expiresAt: until(clock).toISOString(), expired: false });
    expect(leased.exportsLeader).toMatchObject({ owner: id, expired: false });
    expect((await readStatus(p, until(clock))).exportsLeader).toMatchObject({ owner: id, expired: true });
    await p.releaseLease('export:leader', id);
    // the dashboard signals' leader, beside the others
    expect(leased.signalsLeader).toBeNull();
    await p.acquireLease('signals:leader', id, clock, until(clock));
    const signals = await readStatus(p, clock);
    expect(signals.signalsLeader).toEqual({ owner: id, acquiredAt: clock.toISOString(), expiresAt: until(clock).toISOString(), expired: false });
    expect(signals.exportsLeader).toBeNull();
    expect(formatStatus(signals)).toMatch(new RegExp(`^dashboard signals: ${id} leads, lease until ${until(clock).toISOString()}$`, 'm'));
    expect(formatStatus({ ...signals, signalsLeader: null })).toMatch(/^dashboard signals: no leader$/m);
    await p.releaseLease('signals:leader', id);
    expect((await readStatus(p, clock)).signalsLeader).toBeNull();
  });

  it('a beating host forgets the hosts not seen for a week: at its first beat, then once an hour', async () => {
    const p = port();
    const day = 86_400_000;
    // a year ahead of the other cases' hosts (they beat at the real time): those are forgotten too
    let clock = new Date(Date.now() + 365 * day);
    const seen = (id: string, daysAgo: number) =>
      p.heartbeat({ hostId: id, startedAt: new Date(clock.getTime() - daysAgo * day), at: new Date(clock.getTime() - daysAgo * day), version: 'x', pid: 1, beatSeconds: 5, spoolBacklogBytes: 0, outboxDepth: 0 });
    await seen(n('gone-8d'), 8);
    await seen(n('stopped-10d'), 10);
    await p.hostStopped(n('stopped-10d'), new Date(clock.getTime() - 10 * day));
    await seen(n('quiet-6d'), 6);
    const ids = async () => (await p.hosts()).map((h) => h.hostId).filter((h) => h.endsWith(`-${name}`));
    const beat = startHeartbeat({ port: p, hostId: n('mx-forget'), intervalMs: 3_600_000, spoolBacklogBytes: async () => 0, now: () => clock });
    try {
      await beat.beat();
      expect(await ids()).toEqual(expect.arrayContaining([n('quiet-6d'), n('mx-forget')]));
      expect(await ids()).not.toContain(n('gone-8d'));
      expect(await ids()).not.toContain(n('stopped-10d'));
      // within the hour since that look, an old row stays; an hour after it, it goes
      clock = new Date(clock.getTime() + 59 * 60_000);
      await seen(n('gone-9d'), 9);
      await beat.beat();
      expect(await ids()).toContain(n('gone-9d'));
      clock = new Date(clock.getTime() + 60_000);
      await beat.beat();
      expect(await ids()).not.toContain(n('gone-9d'));
      // a week is a week: the host seen 6 days and an hour ago stays, and the beating one too
      expect(await ids()).toEqual(expect.arrayContaining([n('quiet-6d'), n('mx-forget')]));
      expect(await p.forgetHosts(new Date(clock.getTime() - 6 * day))).toBe(1);
      expect(await ids()).toEqual([n('mx-forget')]);
    } finally {
      await beat.stop();
    }
  });
});
