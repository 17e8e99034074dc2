// What several `serve` hosts sharing one store tell each other through it (migration 0011): a
// heartbeat row per host, and leases (one owner at a time, until an expiry) for the work only one
// host may do: polling an IMAP mailbox, generating the scheduled export files. Plain data, the same
// for both dialects; times are ISO strings.

/** What a host writes at each heartbeat. */
export interface HostBeat {
  hostId: string;
  startedAt: Date;
  at: Date;
  version: string;
  pid: number;
  /** how often this host beats: a reader judges it stale after a few missed beats */
  beatSeconds: number;
  /** bytes spooled on this host and not yet processed */
  spoolBacklogBytes: number;
  /** webhook events waiting to be delivered, as this host sees the outbox */
  outboxDepth: number;
}

export interface HostRow {
  hostId: string;
  startedAt: string;
  lastSeenAt: string;
  /** set by a clean stop; a start clears it */
  stoppedAt: string | null;
  version: string;
  pid: number;
  beatSeconds: number;
  spoolBacklogBytes: number;
  outboxDepth: number;
}

export interface LeaseRow {
  /** what is leased: `imap:<mailbox key>`, `export:leader` */
  name: string;
  owner: string;
  acquiredAt: string;
  expiresAt: string;
}

/** The outcome of an attempt to take or renew a lease: who holds it now. */
export interface LeaseAttempt {
  /** the caller holds it (taken, or renewed) */
  held: boolean;
  /** the current holder and its expiry (null: nobody, which only a race with a release gives) */
  lease: LeaseRow | null;
}

/** The shared queues' depths, for the status. */
export interface QueueDepths {
  /** messages in the store not yet processed (the embedded store's spool backlog) */
  pendingMessages: number;
  outboxPending: number;
  outboxDead: number;
  /** SNS subscription confirmations waiting for an operator */
  pendingSubscriptions: number;
}
