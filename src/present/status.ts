// The status of the hosts sharing a store, as `rebound status --json`, GET /v1/status and the
// dashboard's Status page give it: each host's heartbeat judged alive, stale or stopped, the queues,
// who polls each IMAP mailbox, who leads the scheduled exports and who runs the dashboard's signals.
import { z } from 'zod';
import type { HostRow, LeaseRow, QueueDepths } from '../store/coordination-rows.js';
import { mailboxOfLease, EXPORT_LEADER, SIGNALS_LEADER } from '../cluster/lease-names.js';
import { shape } from './registry.js';

const isoTime = z.string().describe('ISO 8601 date-time, UTC');

/** A host is stale after this many heartbeats missed. */
export const MISSED_BEATS = 3;

const LeaseShape = z.strictObject({
  owner: z.string().describe('the host id holding it'),
  acquiredAt: isoTime,
  expiresAt: isoTime,
  expired: z.boolean().describe('past its expiry: the owner stopped renewing it, another host takes it at its next try'),
});

export const StatusShape = shape(
  'Status',
  'the hosts sharing the store and the work they share',
  z.strictObject({
    now: isoTime,
    hosts: z.array(
      z.strictObject({
        id: z.string(),
        state: z.enum(['alive', 'stale', 'stopped']).describe(`stale: no heartbeat for ${MISSED_BEATS} intervals (the host died or cannot reach the store)`),
        startedAt: isoTime,
        lastSeenAt: isoTime,
        version: z.string(),
        pid: z.number().int(),
        heartbeatSeconds: z.number().int(),
        spoolBacklogBytes: z.number().int().describe('bytes spooled on the host and not yet processed, at its last heartbeat'),
        outboxDepth: z.number().int().describe('webhook events waiting, at its last heartbeat'),
      }),
    ),
    spoolBacklogBytes: z.number().int().describe("the sum of the hosts' spool backlogs (stopped hosts excluded)"),
    pendingMessages: z.number().int().describe('messages in the store not yet processed'),
    outbox: z.strictObject({ pending: z.number().int(), dead: z.number().int() }),
    pendingSubscriptions: z.number().int().describe('SNS subscription confirmations waiting for an operator (GET /v1/events/ses/subscriptions)'),
    imap: z.array(LeaseShape.extend({ mailbox: z.string().describe('user@host/mailbox') })).describe('the IMAP mailboxes being polled, and by which host'),
    exportsLeader: LeaseShape.nullable().describe('the host generating the scheduled export files; null: none configured or none running'),
    signalsLeader: LeaseShape.nullable().describe("the host evaluating the dashboard's signals on their timer (the `signals:leader` lease); null: no dashboard running"),
  }),
);
export type StatusJson = z.output<typeof StatusShape>;

export function presentStatus(hosts: HostRow[], leases: LeaseRow[], q: QueueDepths, now: Date): StatusJson {
  const t = now.getTime();
  const lease = (l: LeaseRow) => ({ owner: l.owner, acquiredAt: l.acquiredAt, expiresAt: l.expiresAt, expired: Date.parse(l.expiresAt) <= t });
  const presented = hosts.map((h) => ({
    id: h.hostId,
    state: h.stoppedAt ? ('stopped' as const) : t - Date.parse(h.lastSeenAt) > MISSED_BEATS * h.beatSeconds * 1000 ? ('stale' as const) : ('alive' as const),
    startedAt: h.startedAt,
    lastSeenAt: h.lastSeenAt,
    version: h.version,
    pid: h.pid,
    heartbeatSeconds: h.beatSeconds,
    spoolBacklogBytes: h.spoolBacklogBytes,
    outboxDepth: h.outboxDepth,
  }));
  const leader = leases.find((l) => l.name === EXPORT_LEADER);
  const signals = leases.find((l) => l.name === SIGNALS_LEADER);
  return {
    now: now.toISOString(),
    hosts: presented,
    spoolBacklogBytes: presented.filter((h) => h.state !== 'stopped').reduce((a, h) => a + h.spoolBacklogBytes, 0),
    pendingMessages: q.pendingMessages,
    outbox: { pending: q.outboxPending, dead: q.outboxDead },
    pendingSubscriptions: q.pendingSubscriptions,
    imap: leases.flatMap((l) => {
      const mailbox = mailboxOfLease(l.name);
      return mailbox === null ? [] : [{ mailbox, ...lease(l) }];
    }),
    exportsLeader: leader ? lease(leader) : null,
    signalsLeader: signals ? lease(signals) : null,
  };
}
