// The store port on PostgreSQL: the store shared by several MX hosts. Each unit of work is one
// transaction on the pool; what SQLite's single writer made safe is made safe here by the database:
// claims with FOR UPDATE SKIP LOCKED (pending messages, the webhook outbox), a per-address advisory
// lock around the policy, one unlifted suppression per address (a partial unique index), and
// messages inserted once by SHA-256 or event key (ON CONFLICT DO NOTHING). The decisions are the
// SQLite side's: the same parse, records and policy plan (policy/plan.ts).
import type { StorePort } from '../port.js';
import type { SuppressionRow } from '../schema.js';
import { parseAddress } from '../../address.js';
import { type IngestMeta, type Parsed, safeParse, sha256Of, withOrigin, type ProcessResult } from '../../pipeline/ingest.js';
import type { RecordFields } from '../../pipeline/records.js';
import { emitCounts } from './after-commit.js';
import { manualEventRows } from '../../webhooks/events.js';
import { webhooksEnabled } from '../../config/webhooks.js';
import type { SuppressResult, UnsuppressResult } from '../../policy/manual.js';
import type { Pg, PgPortContext } from './context.js';
import { type AfterCommit, claimPending, ingestPg, spoolPg, writeReport } from './write.js';
import { applyManualPg, isMessageKey, lockAddresses } from './policy.js';
import { bouncesPg, causesPg, checkPg, historyPg, statsPg, suppressionsPagePg } from './read.js';
import { claimOutboxPg, queueOutboxPg, imapStatePg, markDeadPg, markDeliveredPg, markRetryPg, putImapStatePg, tidyOutboxPg } from './outbox.js';
import { sql } from 'kysely';
import { useEventTokenPg } from './event-tokens.js';
import { countsPg } from './counts.js';
import { reparsePg } from './reparse.js';
import { recordSubscriptionQuery, subscriptionsQuery } from '../sns-subscriptions.js';

const RETRIES = 5;

/** deadlock_detected, serialization_failure */
function retryable(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === '40P01' || code === '40001';
}

/**
 * What a transaction writing these messages must hold before it writes: each message's bytes and
 * each address its records may change, as advisory locks taken in one sorted order by every
 * transaction, so two hosts writing overlapping groups wait for each other instead of deadlocking.
 */
function lockKeys(items: ReadonlyArray<{ sha: string; parsed: Parsed; meta: IngestMeta; records?: readonly RecordFields[] }>): string[] {
  const keys: string[] = [];
  for (const i of items) {
    keys.push(`sha:${i.sha}`);
    if (i.meta.eventKey) keys.push(`event:${i.meta.eventKey}`);
    for (const r of i.records ?? recordsOfParsed(i.parsed, i.meta)) keys.push(r.recipient);
  }
  return keys;
}
import { pgCoordination } from './coordination.js';
import { BatchFallback, ingestBatchPg, recordsOfParsed } from './write-batch.js';
import { gatheredLookup } from './lookup.js';
import { dashboardOnPg } from './dashboard.js';

export function pgPort(db: Pg, ctx: PgPortContext): StorePort {
  const lookup = gatheredLookup(db);
  /** one transaction; what it wrote is told once it has committed */
  const write = async <T>(fn: (tx: Pg, after: AfterCommit[]) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      const after: AfterCommit[] = [];
      try {
        const r = await db.transaction().execute((tx) => fn(tx, after));
        emitCounts(ctx, after);
        return r;
      } catch (err) {
        // the locks are taken in one order, so this is rare: the database chose this transaction
        // to break a wait (a deadlock, a serialisation failure); it is run again from the start
        if (attempt >= RETRIES || !retryable(err)) throw err;
      }
    }
  };

  const manual = async (input: string, action: 'suppress' | 'unsuppress', text: string, at: Date, actor: string | null) => {
    const a = parseAddress(input);
    const row = { address: a.address, action, text, at: at.toISOString() };
    return write(async (tx, after) => {
      await lockAddresses(tx, [a.address]);
      await tx.insertInto('manual_actions').values({ ...row, actor }).execute();
      const plan = await applyManualPg(tx, row, a.domain);
      const changed = plan.action === 'suppress' ? plan.outcome !== 'already' : plan.lifted > 0;
      let active: SuppressionRow | undefined;
      if (plan.action === 'suppress') active = { ...plan.suppression, id: plan.suppressionId! } as SuppressionRow;
      if (ctx.webhook && webhooksEnabled(ctx.webhook)) {
        const rows = manualEventRows(ctx.webhook, { ...row, domain: a.domain, changed }, active);
        await queueOutboxPg(tx, rows);
        after.push({ summary: null, queued: rows.length > 0, manualSuppressed: action === 'suppress' && changed });
      } else after.push({ summary: null, queued: false, manualSuppressed: action === 'suppress' && changed });
      return plan.action === 'suppress'
        ? ({ address: a.address, outcome: plan.outcome, suppression: active! } satisfies SuppressResult)
        : ({ address: a.address, lifted: plan.lifted } satisfies UnsuppressResult);
    });
  };

  return {
    backend: 'postgres',
    // heartbeats and leases (coordination.ts)
    ...pgCoordination(db),
    // the dashboard's reads and the signals' alerts (dashboard.ts)
    ...dashboardOnPg(db),
    ping: async () => void (await sql`select 1`.execute(db)),

    spool: async (items) => {
      // one transaction; each message in a savepoint of its own, so one bad message fails alone
      try {
        return await db.transaction().execute(async (tx) => {
          const out: Array<Awaited<ReturnType<typeof spoolPg>> | Error> = [];
          const shas = items.map((w) => sha256Of(w.raw));
          await lockAddresses(tx, shas.map((sha, i) => ({ sha, meta: items[i]!.meta, parsed: { report: null, threw: '' } as Parsed })).flatMap((k) => lockKeys([k])));
          for (const [i, w] of items.entries()) {
            await sql.raw(`savepoint s${i}`).execute(tx);
            try {
              out.push(await spoolPg(tx, ctx, w.raw, shas[i]!, w.meta));
              await sql.raw(`release savepoint s${i}`).execute(tx);
            } catch (err) {
              await sql.raw(`rollback to savepoint s${i}`).execute(tx);
              out.push(err instanceof Error ? err : new Error(String(err)));
            }
          }
          return out;
        });
      } catch (err) {
        // the commit failed: every message gets its cause
        return items.map(() => (err instanceof Error ? err : new Error(String(err))));
      }
    },

    processPending: async (limit) => {
      const out: ProcessResult[] = [];
      while (out.length < limit) {
        const done = await write(async (tx, after) => {
          const claimed = await claimPending(tx);
          if (!claimed) return null;
          const parsed = safeParse(claimed.raw, ctx.classifier(), claimed.message.raw_format);
          return writeReport(tx, ctx, claimed.message, parsed, after);
        });
        if (!done) break;
        out.push(done);
      }
      return out;
    },

    ingest: async (raw, meta) => {
      meta = withOrigin(ctx, raw, meta);
      const sha = sha256Of(raw);
      // parsing is pure: done before the transaction, which then holds its locks for the writes only
      const parsed = safeParse(raw, ctx.classifier(), meta.format ?? null);
      const { storedKind: _k, storedStatus: _s, ...r } = await write(async (tx, after) => {
        await lockAddresses(tx, lockKeys([{ sha, parsed, meta }]));
        return ingestPg(tx, ctx, raw, meta, parsed, sha, after);
      });
      return r;
    },

    ingestGroup: async (items) => {
      const prepared = items.map((w) => {
        const meta = withOrigin(ctx, w.raw, w.meta);
        const parsed = w.parsed ?? safeParse(w.raw, ctx.classifier(), meta.format ?? null);
        // the records, made once for the locks and the writes
        return { raw: w.raw, meta, sha: sha256Of(w.raw), parsed, records: recordsOfParsed(parsed, meta) };
      });
      try {
        // the group's writes in a few multi-row statements (write-batch.ts)
        // the messages' keys locked here, the addresses later (ingestBatchPg): a group waiting for
        // another's addresses has written its messages and records meanwhile
        return await write(async (tx, after) => {
          await lockAddresses(tx, lockKeys(prepared).filter(isMessageKey));
          return ingestBatchPg(tx, ctx, prepared, after);
        });
      } catch (err) {
        if (!(err instanceof BatchFallback)) throw err;
      }
      // what the batch does not cover (a message pending, the same one twice): one at a time
      return write(async (tx, after) => {
        await lockAddresses(tx, lockKeys(prepared));
        const out = [];
        for (const p of prepared) out.push(await ingestPg(tx, ctx, p.raw, p.meta, p.parsed, p.sha, after));
        return out;
      });
    },

    // GET /v1/suppressions/{address}: the lookups asked at once share a query (lookup.ts)
    activeSuppression: (address, at) => lookup(address, at.toISOString()),
    suppressionsPage: (filter, after, limit) => suppressionsPagePg(db, filter, after, limit),
    check: (address, at) => checkPg(db, ctx, address, at),
    history: (address, at) => historyPg(db, ctx, address, at),
    suppress: (address, reason, at, actor) => manual(address, 'suppress', reason, at, actor ?? null) as Promise<SuppressResult>,
    unsuppress: (address, note, at, actor) => manual(address, 'unsuppress', note, at, actor ?? null) as Promise<UnsuppressResult>,
    bounces: (filter) => bouncesPg(db, filter),
    causes: (ids) => causesPg(db, ids),
    reparse: (selection) => reparsePg(db, ctx, write, selection),
    stats: (opts) => statsPg(db, ctx, opts),
    counts: (at) => countsPg(db, at.toISOString()),

    claimOutbox: (url, now, leaseUntil, limit) => claimOutboxPg(db, url, now.toISOString(), leaseUntil.toISOString(), limit),
    markDelivered: (id, status, at) => markDeliveredPg(db, id, status, at.toISOString()),
    markRetry: (id, status, error, nextAt) => markRetryPg(db, id, status, error, nextAt.toISOString()),
    markDead: (id, status, error, at) => markDeadPg(db, id, status, error, at.toISOString()),
    tidyOutbox: (t) => tidyOutboxPg(db, t),

    imapState: (mailbox) => imapStatePg(db, mailbox),
    putImapState: (mailbox, uidvalidity, lastUid, at) => putImapStatePg(db, mailbox, uidvalidity, lastUid, at),
    useEventToken: (provider, token, eventId, t, expiresAt) => useEventTokenPg(db, provider, token, eventId, t, expiresAt),
    recordSubscription: async (row) => void (await recordSubscriptionQuery(db, row).execute()),
    subscriptions: () => subscriptionsQuery(db).execute(),
  };
}
