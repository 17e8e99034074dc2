// The store as the rest of Rebound sees it: an asynchronous port. Sources, the API, the webhook
// drain and the pollers ask it for whole units of work (spool these messages, process what is
// pending, look up an address, claim due outbox rows, keep an IMAP position), never for SQL. Each
// write method is one transaction: a report's message, records and policy commit together.
//
// The SQLite adapter (sqlite-port.ts) runs each unit synchronously on its better-sqlite3
// connection, the fast path; the promise only carries the result. A server-backed adapter (the
// PostgreSQL one this port is shaped for) answers the same calls over its pool.
import type { ReportKind } from '../parse/types.js';
import type { ImapStateRow, MessageStatus, OutboxRow, SnsSubscriptionRow, SuppressionRow } from './schema.js';
import type { ActiveFilter, PagePosition } from './suppressions.js';
import type { BounceFilter, BounceWithSource } from './history.js';
import type { IngestMeta, IngestResult, Parsed, ProcessResult, SpoolResult } from '../pipeline/ingest.js';
import type { CheckResult, History } from '../policy/check.js';
import type { SuppressResult, UnsuppressResult } from '../policy/manual.js';
import type { Stats, StatsOptions } from '../stats/stats.js';
import type { TokenUse } from './event-tokens.js';
import type { Cause } from './causes.js';
import type { ReparseSelection } from './messages.js';
import type { ReparseResult } from '../pipeline/reparse.js';
import type { StoreCounts } from './counts.js';
import type { OutboxTidied, OutboxTidy } from './outbox.js';
import type { DashboardPort } from './dashboard-port.js';
import type { HostBeat, HostRow, LeaseAttempt, LeaseRow, QueueDepths } from './coordination-rows.js';

export type Backend = 'sqlite' | 'postgres';

export interface StorePort extends CoordinationPort, DashboardPort {
  readonly backend: Backend;
  /** the database answers a trivial read */
  ping(): Promise<void>;

  // -- messages
  /** Commit raw messages (status `pending`) in one transaction; each gets its result or its error. */
  spool(items: ReadonlyArray<{ raw: Uint8Array; meta: IngestMeta }>): Promise<Array<SpoolResult | Error>>;
  /** Claim up to `limit` pending messages and write each one's records and policy (one transaction each). */
  processPending(limit: number): Promise<ProcessResult[]>;
  /** Spool, parse, record and apply the policy, in one transaction. */
  ingest(raw: Uint8Array, meta: IngestMeta): Promise<IngestResult>;
  /**
   * `ingest` for a group, in one transaction; `kind` is the stored message's (also for a duplicate).
   * `parsed`: the message parsed already (by a parse pool, with the store's rules), not parsed again.
   */
  ingestGroup(items: ReadonlyArray<{ raw: Uint8Array; meta: IngestMeta; parsed?: Parsed }>): Promise<Array<IngestResult & { storedKind: ReportKind | null; storedStatus: MessageStatus }>>;

  // -- suppressions and history
  activeSuppression(address: string, at: Date): Promise<SuppressionRow | null>;
  suppressionsPage(filter: ActiveFilter, after: PagePosition | null, limit: number): Promise<SuppressionRow[]>;
  check(address: string, at: Date): Promise<CheckResult>;
  history(address: string, at: Date): Promise<History>;
  /** `actor`: who asked, kept in the audit trail (`cli`, `api`, `ui:<name>`) */
  suppress(address: string, reason: string, at: Date, actor?: string | null): Promise<SuppressResult>;
  unsuppress(address: string, note: string, at: Date, actor?: string | null): Promise<UnsuppressResult>;
  bounces(filter: BounceFilter): Promise<BounceWithSource[]>;
  /** read stored messages again with the current parser and rules; each message one transaction (pipeline/reparse.ts) */
  reparse(selection: ReparseSelection | readonly number[]): Promise<ReparseResult>;
  /** the diagnostic and reply code of these records, by record id (ids that are no record are left out) */
  causes(bounceIds: readonly number[]): Promise<Map<number, Cause>>;
  stats(opts: StatsOptions): Promise<Stats>;
  /** the gauges of a metrics scrape: active suppressions at `at` by type, messages pending, the outbox by state, the database's size */
  counts(at: Date): Promise<StoreCounts>;

  // -- webhook outbox
  claimOutbox(url: string, now: Date, leaseUntil: Date, limit: number): Promise<OutboxRow[]>;
  markDelivered(id: number, status: number, at: Date): Promise<void>;
  markRetry(id: number, status: number | null, error: string, nextAt: Date): Promise<void>;
  markDead(id: number, status: number | null, error: string, at: Date): Promise<void>;
  /** the drain loop's housekeeping: give up rows too old or for URLs gone, delete finished ones kept long enough */
  tidyOutbox(t: OutboxTidy): Promise<OutboxTidied>;

  // -- IMAP pollers' positions
  imapState(mailbox: string): Promise<ImapStateRow | null>;
  putImapState(mailbox: string, uidvalidity: number, lastUid: number, at: Date): Promise<void>;

  // -- signature tokens of sending services (Mailgun): each good for one event until it expires
  /** `now`, `expiresAt`: unix seconds; expired tokens are deleted. PostgreSQL: pg/event-tokens.ts */
  useEventToken(provider: string, token: string, eventId: string, now: number, expiresAt: number): Promise<TokenUse>;

  // -- SNS subscription confirmations of SES topics (sns-subscriptions.ts)
  /** the topic's confirmation, new or replacing the one before */
  recordSubscription(row: SnsSubscriptionRow): Promise<void>;
  /** every topic's, by topic ARN */
  subscriptions(): Promise<SnsSubscriptionRow[]>;
}

/** What several hosts sharing the store coordinate by (queries: coordination-sql.ts). */
export interface CoordinationPort {
  /** write this host's heartbeat row */
  heartbeat(beat: HostBeat): Promise<void>;
  /** a clean stop: the host's row says so */
  hostStopped(hostId: string, at: Date): Promise<void>;
  hosts(): Promise<HostRow[]>;
  /** drop the rows of the hosts last seen before `before`; how many went */
  forgetHosts(before: Date): Promise<number>;
  /** take the lease `name` until `until` when it is free or expired at `now`, or renew it when `owner` holds it */
  acquireLease(name: string, owner: string, now: Date, until: Date): Promise<LeaseAttempt>;
  /** give the lease up, when `owner` holds it */
  releaseLease(name: string, owner: string): Promise<void>;
  leases(): Promise<LeaseRow[]>;
  /** pending messages, the webhook outbox's pending and dead rows, SNS confirmations waiting */
  queueDepths(): Promise<QueueDepths>;
}
