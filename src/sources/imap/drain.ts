// Deal with every message of the mailbox past the last UID processed, batch by batch: ingest
// (committed), then act on the bounces, then record the batch's last UID. A crash between the
// commit and the action only means the message is ingested again (a duplicate, harmless) and
// acted on next time; a crash before the state is written, that the batch is read again.
// The batches overlap: the next batch is fetched while the one before is being committed, and the
// one before is acted on once both are done (only what its commit wrote, as ever).
import type { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import type { MailboxConfig } from '../../config/imap.js';
import type { PipelineContext } from '../../pipeline/context.js';
import type { ParsePool } from '../../pipeline/parse-pool.js';
import { act } from './act.js';
import { type FetchedBatch, SIZES_AT_ONCE, fetchBatch, fetchSizes } from './batch.js';
import { CommitQueue } from './commits.js';
import { stateKey } from './client.js';
import { chunks } from './uid-set.js';

/** What a pass did to the messages it found (also summed per mailbox in its status). */
export interface DrainCounts {
  /** messages fetched and committed (new and duplicates) */
  messages: number;
  new: number;
  duplicates: number;
  /** moved, flagged or deleted */
  acted: number;
  /** not bounces, left as they were */
  left: number;
  /** over the size cap, left in place */
  oversize: number;
}

/** Add a batch's counts to a running total. */
export function addCounts(total: DrainCounts, b: DrainCounts): void {
  total.messages += b.messages;
  total.new += b.new;
  total.duplicates += b.duplicates;
  total.acted += b.acted;
  total.left += b.left;
  total.oversize += b.oversize;
}

export interface DrainResult extends DrainCounts {
  mailbox: string;
  uidValidity: number;
  /** the stored UIDVALIDITY did not match: read again from the first message */
  resynced: boolean;
  lastUid: number;
}

export interface DrainHooks {
  /** messages known to be waiting, after each look and each batch */
  onLag?(lag: number): void;
  /** after each batch, for running totals */
  onBatch?(b: Pick<DrainResult, 'messages' | 'new' | 'duplicates' | 'acted' | 'left' | 'oversize'>): void;
  /** asked before each batch: true ends the pass early (a stop finishes the batch in hand) */
  shouldStop?(): boolean;
}

/**
 * Batches fetched before the oldest of them is acted on: the connection fetches while that one's
 * commit finishes, so it is never idle waiting for a commit (two: a commit takes about as long as
 * a fetch, and the server's MOVE as long as both).
 */
const LOOKAHEAD = 2;

/** `parser`: the parse threads (the poller's, for its lifetime); none: the store port parses on this thread. */
export async function drain(client: ImapFlow, ctx: PipelineContext, cfg: MailboxConfig, log: Logger, hooks: DrainHooks = {}, parser?: ParsePool): Promise<DrainResult> {
  // SELECT again on every pass: a session keeps a mailbox deleted (and made again) by another
  // selected without a word, and only a new SELECT shows the new UIDVALIDITY
  await client.mailboxOpen(cfg.mailbox);
  const lock = await client.getMailboxLock(cfg.mailbox);
  let commits: CommitQueue | undefined;
  try {
    if (!client.mailbox) throw new Error(`mailbox ${cfg.mailbox} is not open`);
    const uidValidity = Number(client.mailbox.uidValidity);
    const key = stateKey(cfg);
    const state = await ctx.port.imapState(key);
    const r: DrainResult = {
      mailbox: cfg.name, uidValidity, resynced: false, messages: 0, new: 0, duplicates: 0, acted: 0, left: 0, oversize: 0,
      lastUid: state?.last_uid ?? 0,
    };
    if (!state || state.uidvalidity !== uidValidity) {
      if (state) {
        // the UIDs were renumbered: everything is read again; what was stored before comes back as duplicates
        log.warn({ mailbox: cfg.name, was: state.uidvalidity, now: uidValidity }, 'UIDVALIDITY changed: resync from the first message');
        r.resynced = true;
      }
      r.lastUid = 0;
      await ctx.port.putImapState(key, uidValidity, 0, ctx.now());
    }

    commits = new CommitQueue(ctx, cfg, uidValidity);
    // wait for the batch fetched before this one, act on it, record it
    const finish = async (uids: readonly number[], batch: FetchedBatch) => {
      const ingested = await batch.committed;
      const bounces = ingested.filter((m) => m.kind !== 'not-bounce' || cfg.notBounceAction === 'same');
      await act(client, cfg, bounces.map((m) => m.uid));
      // past everything looked at: bounces acted on, the rest left as they are (not read again)
      r.lastUid = uids[uids.length - 1]!;
      await ctx.port.putImapState(key, uidValidity, r.lastUid, ctx.now());
      const b = {
        messages: ingested.length,
        new: ingested.filter((m) => !m.duplicate).length,
        duplicates: ingested.filter((m) => m.duplicate).length,
        acted: bounces.length,
        left: ingested.length - bounces.length,
        oversize: batch.oversize.length,
      };
      addCounts(r, b);
      hooks.onBatch?.(b);
      log.debug({ mailbox: cfg.name, lastUid: r.lastUid, ...b }, 'imap batch done');
    };
    for (;;) {
      // `n:*` always matches the highest UID, even below n: hence the filter
      const found = (await client.search({ uid: `${r.lastUid + 1}:*` }, { uid: true })) || [];
      const fresh = found.filter((u) => u > r.lastUid).sort((a, b) => a - b);
      let lag = fresh.length;
      hooks.onLag?.(lag);
      if (fresh.length === 0) break;
      // fetched, and waiting to be finished in order
      const ahead: Array<{ uids: readonly number[]; batch: FetchedBatch }> = [];
      const finishFirst = async () => {
        const first = ahead.shift()!;
        await finish(first.uids, first.batch);
        hooks.onLag?.((lag -= first.uids.length));
      };
      let stopping = false;
      const batches = chunks(fresh, cfg.batchSize);
      const perSizes = Math.max(1, Math.floor(SIZES_AT_ONCE / cfg.batchSize));
      let sizes = new Map<number, number>();
      for (const [i, uids] of batches.entries()) {
        if ((stopping = !!hooks.shouldStop?.())) break;
        if (i % perSizes === 0) sizes = await fetchSizes(client, batches.slice(i, i + perSizes).flat());
        ahead.push({ uids, batch: await fetchBatch(client, cfg, uids, sizes, log, commits, parser) });
        if (ahead.length > LOOKAHEAD) await finishFirst();
      }
      // the batches in hand are finished, also when stopping
      while (ahead.length) await finishFirst();
      if (stopping) return r;
    }
    return r;
  } finally {
    // a pass that failed leaves nothing being written behind it
    await commits?.settled();
    lock.release();
  }
}
