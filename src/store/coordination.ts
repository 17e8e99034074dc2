// The coordination of several hosts on the SQLite store (the queries: coordination-sql.ts). One
// SQLite file has one writer at a time, so each statement is atomic as it is; the embedded store
// has one host, which holds every lease, but the same code runs as on PostgreSQL.
import type { RawBuilder } from 'kysely';
import type { Store } from './open.js';
import type { HostBeat, HostRow, LeaseAttempt, LeaseRow, QueueDepths } from './coordination-rows.js';
import {
  acquireLeaseQuery, forgetHostsQuery, heartbeatQuery, hostRow, hostStoppedQuery, hostsQuery, leaseQuery, leaseRow, leasesQuery, queueDepths, queueDepthsQuery, releaseLeaseQuery,
} from './coordination-sql.js';
import { statement } from './sync.js';

function compiled(store: Store, q: RawBuilder<unknown>): { sql: string; parameters: readonly unknown[] } {
  return q.compile(store.db);
}

const run = (store: Store, q: RawBuilder<unknown>): number => {
  const c = compiled(store, q);
  return statement(store, c.sql).run(...c.parameters).changes;
};
const all = (store: Store, q: RawBuilder<Record<string, unknown>>) => {
  const c = compiled(store, q);
  return statement(store, c.sql).all(...c.parameters) as Array<Record<string, unknown>>;
};
const first = (store: Store, q: RawBuilder<Record<string, unknown>>) => {
  const c = compiled(store, q);
  return statement(store, c.sql).get(...c.parameters) as Record<string, unknown> | undefined;
};

export function writeHeartbeat(store: Store, beat: HostBeat): void {
  run(store, heartbeatQuery(beat));
}

export function markHostStopped(store: Store, hostId: string, at: Date): void {
  run(store, hostStoppedQuery(hostId, at));
}

export function listHosts(store: Store): HostRow[] {
  return all(store, hostsQuery()).map(hostRow);
}

export function forgetHosts(store: Store, before: Date): number {
  return run(store, forgetHostsQuery(before));
}

export function acquireLease(store: Store, name: string, owner: string, now: Date, until: Date): LeaseAttempt {
  const taken = first(store, acquireLeaseQuery(name, owner, now, until));
  if (taken) return { held: true, lease: leaseRow(taken) };
  const current = first(store, leaseQuery(name));
  return { held: false, lease: current ? leaseRow(current) : null };
}

export function releaseLease(store: Store, name: string, owner: string): void {
  run(store, releaseLeaseQuery(name, owner));
}

export function listLeases(store: Store): LeaseRow[] {
  return all(store, leasesQuery()).map(leaseRow);
}

export function readQueueDepths(store: Store): QueueDepths {
  return queueDepths(first(store, queueDepthsQuery()));
}
