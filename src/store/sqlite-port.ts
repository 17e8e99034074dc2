// The store port on SQLite: each unit of work runs synchronously on the better-sqlite3 connection,
// inside one transaction where it writes, by the same functions the CLI's bulk paths call (the
// fast path stays synchronous; the promise only carries the result). The pipeline's context gives
// the policy, the return-path keys and the clock.
import type { PipelineContext } from '../pipeline/context.js';
import { ingest, ingestParsed, processPending, spoolBatch, withOrigin } from '../pipeline/ingest.js';
import { addressHistory, checkAddress } from '../policy/check.js';
import { suppressAddress, unsuppressAddress } from '../policy/manual.js';
import { computeStats } from '../stats/stats.js';
import type { StorePort } from './port.js';
import { activeSuppression, activeSuppressionsPage } from './suppressions.js';
import { listBounces } from './history.js';
import { causesOf } from './causes.js';
import { reparse } from '../pipeline/reparse.js';
import { countOn } from './counts.js';
import { listSubscriptions, recordSubscription } from './sns-subscriptions.js';
import { claimDue, markDead, markDelivered, markRetry, tidyOutbox } from './outbox.js';
import { getImapState, putImapState } from './imap-state.js';
import { inTransaction, promiseOf as now, statement, transaction } from './sync.js';
import { synchronousMode, withSynchronous } from './durability.js';
import { syncWalFile, walFileOf } from './wal-sync.js';
import { dashboardOnSqlite } from './dashboard-port.js';
import { useEventToken } from './event-tokens.js';
import { acquireLease, forgetHosts, listHosts, listLeases, markHostStopped, readQueueDepths, releaseLease, writeHeartbeat } from './coordination.js';

export function sqlitePort(ctx: PipelineContext): StorePort {
  const store = ctx.store;
  return {
    backend: 'sqlite',
    ping: () => now(() => void statement(store, 'select 1').get()),

    spool: (items) => now(() => spoolBatch(ctx, items).outcomes),
    processPending: (limit) => now(() => transaction(store, () => processPending(ctx, limit))),
    ingest: (raw, meta) => now(() => ingest(ctx, raw, meta)),
    ingestGroup: (items) => {
      const write = () =>
        transaction(store, () =>
          items.map((w) => {
            const r = w.parsed ? ingestParsed(ctx, w.raw, withOrigin(ctx, w.raw, w.meta), w.parsed) : ingest(ctx, w.raw, w.meta);
            // the stored row's kind and status are the result's: the message's own when written
            // now, the stored one's for a duplicate (read again, they cost a query per message)
            return { ...r, storedKind: r.kind, storedStatus: r.status };
          }),
        );
      // A FULL commit holds this thread for its fsync (a poller's group: about 6 ms, while the next
      // group could be read). Committed with NORMAL instead, then made as durable by an fdatasync
      // of the WAL off this thread (wal-sync.ts); the promise settles after it, as after a FULL
      // commit. Without a WAL, inside a caller's transaction, or not in FULL mode: as it is.
      const wal = walFileOf(store);
      if (!wal || inTransaction(store) || synchronousMode(store) !== 'FULL') return now(write);
      let written: ReturnType<typeof write>;
      try {
        written = withSynchronous(store, 'NORMAL', write);
      } catch (err) {
        return Promise.reject(err as Error);
      }
      return syncWalFile(wal).then(() => written);
    },

    activeSuppression: (address, at) => now(() => activeSuppression(store, address, at.toISOString()) ?? null),
    suppressionsPage: (filter, after, limit) => now(() => activeSuppressionsPage(store, filter, after, limit)),
    check: (address, at) => now(() => checkAddress(ctx, address, at)),
    history: (address, at) => now(() => addressHistory(ctx, address, at)),
    suppress: (address, reason, at, actor) => now(() => suppressAddress(ctx, address, reason, at, actor ?? null)),
    unsuppress: (address, note, at, actor) => now(() => unsuppressAddress(ctx, address, note, at, actor ?? null)),
    bounces: (filter) => now(() => listBounces(store, filter)),
    causes: (ids) => now(() => causesOf(store, ids)),
    reparse: (selection) => now(() => reparse(ctx, selection)),
    stats: (opts) => now(() => computeStats(ctx, opts)),
    counts: (at) => now(() => countOn(store.sqlite, store.path, at.toISOString())),

    claimOutbox: (url, t, leaseUntil, limit) => now(() => claimDue(store, url, t.toISOString(), leaseUntil.toISOString(), limit)),
    markDelivered: (id, status, at) => now(() => markDelivered(store, id, status, at.toISOString())),
    markRetry: (id, status, error, nextAt) => now(() => markRetry(store, id, status, error, nextAt.toISOString())),
    markDead: (id, status, error, at) => now(() => markDead(store, id, status, error, at.toISOString())),
    tidyOutbox: (t) => now(() => tidyOutbox(store, t)),

    imapState: (mailbox) => now(() => getImapState(store, mailbox) ?? null),
    // a resume point, not a record: written without an fsync of its own (it is on disk with the
    // next commit's). Lost to a power cut, the poller reads again messages it has moved already
    // (gone from the mailbox) or stored (duplicates): nothing changes
    putImapState: (mailbox, uidvalidity, lastUid, at) => now(() => withSynchronous(store, 'NORMAL', () => putImapState(store, mailbox, uidvalidity, lastUid, at))),

    useEventToken: (provider, token, eventId, t, expiresAt) => now(() => useEventToken(store, provider, token, eventId, t, expiresAt)),
    recordSubscription: (row) => now(() => recordSubscription(store, row)),
    subscriptions: () => now(() => listSubscriptions(store)),
    heartbeat: (beat) => now(() => writeHeartbeat(store, beat)),
    hostStopped: (hostId, at) => now(() => markHostStopped(store, hostId, at)),
    hosts: () => now(() => listHosts(store)),
    forgetHosts: (before) => now(() => forgetHosts(store, before)),
    acquireLease: (name, owner, t, until) => now(() => acquireLease(store, name, owner, t, until)),
    releaseLease: (name, owner) => now(() => releaseLease(store, name, owner)),
    leases: () => now(() => listLeases(store)),
    queueDepths: () => now(() => readQueueDepths(store)),
    // the dashboard's reads and the signals' alerts (dashboard-port.ts)
    ...dashboardOnSqlite(store),
  };
}
