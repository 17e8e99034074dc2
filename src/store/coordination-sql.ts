// The coordination queries (heartbeats, leases, queue depths), written once for both dialects: the
// SQLite adapter compiles and runs them synchronously (coordination.ts), the PostgreSQL one awaits
// them on its pool (pg/coordination.ts). Times go in as ISO strings (SQLite compares them as text,
// PostgreSQL casts them to timestamptz); what comes back is made plain by the row functions below.
import { type RawBuilder, sql } from 'kysely';
import type { HostBeat, HostRow, LeaseRow, QueueDepths } from './coordination-rows.js';

const iso = (d: Date) => d.toISOString();

/** One heartbeat: the host's row made or refreshed (a start, `startedAt` new, clears `stopped_at`). */
export function heartbeatQuery(b: HostBeat): RawBuilder<unknown> {
  return sql`insert into hosts (host_id, started_at, last_seen_at, stopped_at, version, pid, beat_seconds, spool_backlog_bytes, outbox_depth)
    values (${b.hostId}, ${iso(b.startedAt)}, ${iso(b.at)}, null, ${b.version}, ${b.pid}, ${b.beatSeconds}, ${b.spoolBacklogBytes}, ${b.outboxDepth})
    on conflict (host_id) do update set started_at = excluded.started_at, last_seen_at = excluded.last_seen_at, stopped_at = null,
      version = excluded.version, pid = excluded.pid, beat_seconds = excluded.beat_seconds,
      spool_backlog_bytes = excluded.spool_backlog_bytes, outbox_depth = excluded.outbox_depth`;
}

/** A clean stop: the row stays (the status lists the host as stopped, not stale). */
export function hostStoppedQuery(hostId: string, at: Date): RawBuilder<unknown> {
  return sql`update hosts set stopped_at = ${iso(at)}, last_seen_at = ${iso(at)}, spool_backlog_bytes = 0 where host_id = ${hostId}`;
}

export const hostsQuery = (): RawBuilder<Record<string, unknown>> => sql`select * from hosts order by host_id`;

/** The rows of hosts not seen since `before`: stopped or dead long ago (heartbeat.ts says when). */
export const forgetHostsQuery = (before: Date): RawBuilder<unknown> => sql`delete from hosts where last_seen_at < ${iso(before)}`;

/**
 * Take or renew a lease in one statement: the row is written only when it is free (expired) or
 * already the caller's; RETURNING gives a row only then. Under PostgreSQL's concurrency the
 * conflicting insert waits for the other transaction's row lock and re-checks the WHERE on the
 * committed row, so two hosts cannot both come out holding it.
 */
export function acquireLeaseQuery(name: string, owner: string, now: Date, until: Date): RawBuilder<Record<string, unknown>> {
  return sql`insert into leases (name, owner, acquired_at, expires_at) values (${name}, ${owner}, ${iso(now)}, ${iso(until)})
    on conflict (name) do update set owner = excluded.owner, expires_at = excluded.expires_at,
      acquired_at = case when leases.owner = excluded.owner and leases.expires_at > excluded.acquired_at then leases.acquired_at else excluded.acquired_at end
    where leases.expires_at <= excluded.acquired_at or leases.owner = excluded.owner
    returning name, owner, acquired_at, expires_at`;
}

export const leaseQuery = (name: string): RawBuilder<Record<string, unknown>> => sql`select name, owner, acquired_at, expires_at from leases where name = ${name}`;

/** Give a lease up (a clean stop): the next host takes it at once instead of after the expiry. */
export const releaseLeaseQuery = (name: string, owner: string): RawBuilder<unknown> => sql`delete from leases where name = ${name} and owner = ${owner}`;

export const leasesQuery = (): RawBuilder<Record<string, unknown>> => sql`select name, owner, acquired_at, expires_at from leases order by name`;

export const queueDepthsQuery = (): RawBuilder<Record<string, unknown>> =>
  sql`select
    (select count(*) from messages where status = 'pending') as pending_messages,
    (select count(*) from webhook_outbox where state = 'pending') as outbox_pending,
    (select count(*) from webhook_outbox where state = 'dead') as outbox_dead,
    (select count(*) from sns_subscriptions where state = 'pending') as pending_subscriptions`;

/** A time as the dialect gives it back (SQLite: the ISO text; PostgreSQL: a Date) as ISO text. */
function time(v: unknown): string {
  return v instanceof Date ? v.toISOString() : String(v);
}

/** A count as the dialect gives it back (PostgreSQL's bigint arrives as a string). */
const num = (v: unknown) => Number(v ?? 0);

export function hostRow(r: Record<string, unknown>): HostRow {
  return {
    hostId: String(r.host_id),
    startedAt: time(r.started_at),
    lastSeenAt: time(r.last_seen_at),
    stoppedAt: r.stopped_at == null ? null : time(r.stopped_at),
    version: String(r.version),
    pid: num(r.pid),
    beatSeconds: num(r.beat_seconds),
    spoolBacklogBytes: num(r.spool_backlog_bytes),
    outboxDepth: num(r.outbox_depth),
  };
}

export function leaseRow(r: Record<string, unknown>): LeaseRow {
  return { name: String(r.name), owner: String(r.owner), acquiredAt: time(r.acquired_at), expiresAt: time(r.expires_at) };
}

export function queueDepths(r: Record<string, unknown> | undefined): QueueDepths {
  return {
    pendingMessages: num(r?.pending_messages),
    outboxPending: num(r?.outbox_pending),
    outboxDead: num(r?.outbox_dead),
    pendingSubscriptions: num(r?.pending_subscriptions),
  };
}
