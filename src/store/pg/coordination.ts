// The coordination of several hosts on PostgreSQL (the queries, shared with SQLite:
// ../coordination-sql.ts): the part of the PostgreSQL store port for heartbeats, leases and the
// status's queue depths, given the adapter's Kysely handle. A lease is taken or renewed by one
// INSERT ... ON CONFLICT DO UPDATE ... WHERE (free or mine) RETURNING: atomic under concurrency.
import type { Kysely } from 'kysely';
import type { CoordinationPort } from '../port.js';
import {
  acquireLeaseQuery, forgetHostsQuery, heartbeatQuery, hostRow, hostStoppedQuery, hostsQuery, leaseQuery, leaseRow, leasesQuery, queueDepths, queueDepthsQuery, releaseLeaseQuery,
} from '../coordination-sql.js';

export function pgCoordination<DB>(db: Kysely<DB>): CoordinationPort {
  return {
    heartbeat: async (beat) => void (await heartbeatQuery(beat).execute(db)),
    hostStopped: async (hostId, at) => void (await hostStoppedQuery(hostId, at).execute(db)),
    hosts: async () => (await hostsQuery().execute(db)).rows.map(hostRow),
    forgetHosts: async (before) => Number((await forgetHostsQuery(before).execute(db)).numAffectedRows ?? 0),
    async acquireLease(name, owner, now, until) {
      const taken = (await acquireLeaseQuery(name, owner, now, until).execute(db)).rows[0];
      if (taken) return { held: true, lease: leaseRow(taken) };
      const current = (await leaseQuery(name).execute(db)).rows[0];
      return { held: false, lease: current ? leaseRow(current) : null };
    },
    releaseLease: async (name, owner) => void (await releaseLeaseQuery(name, owner).execute(db)),
    leases: async () => (await leasesQuery().execute(db)).rows.map(leaseRow),
    queueDepths: async () => queueDepths((await queueDepthsQuery().execute(db)).rows[0]),
  };
}
