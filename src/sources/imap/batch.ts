// One batch of UIDs: sizes first (a message over the cap is never fetched; the sizes of several
// batches are asked at once, a round trip fewer per batch: a message's size never changes), then
// the sources, streamed one message at a time and committed in groups, each group in one
// transaction. Each message is handed to the parse thread as it arrives (parse-ahead.ts), and each
// group's commit is queued (commits.ts): the fetch returns once the server has sent the batch, its
// commits may still be going on, so the caller can fetch the next batch meanwhile.
import type { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import type { MailboxConfig } from '../../config/imap.js';
import type { ParsePool } from '../../pipeline/parse-pool.js';
import { type CommitQueue, type Ingested, type Pending } from './commits.js';
import { GroupParse } from './parse-ahead.js';
import { uidSet } from './uid-set.js';

export type { Ingested };

/** A group is committed once it holds this many bytes, so memory stays bounded whatever the batch size. */
const GROUP_BYTES = 4 * 1024 * 1024;

export interface FetchedBatch {
  /** committed, in UID order; rejects when a commit failed (then none after it was written) */
  committed: Promise<Ingested[]>;
  /** over the size cap: left in place */
  oversize: number[];
}

/** UIDs whose sizes are asked in one FETCH (at least a batch) */
export const SIZES_AT_ONCE = 1000;

/** The sizes (RFC822.SIZE) of these messages; one expunged meanwhile has none. */
export async function fetchSizes(client: ImapFlow, uids: readonly number[]): Promise<Map<number, number>> {
  const sizes = new Map<number, number>();
  for await (const m of client.fetch(uidSet(uids), { uid: true, size: true }, { uid: true })) {
    if (m.size !== undefined) sizes.set(m.uid, m.size);
  }
  return sizes;
}

export async function fetchBatch(
  client: ImapFlow,
  cfg: MailboxConfig,
  uids: readonly number[],
  /** fetchSizes' answer for (at least) these UIDs */
  sizes: ReadonlyMap<number, number>,
  log: Logger,
  commits: CommitQueue,
  /** the parse threads; none: the store port parses on this thread */
  parser?: ParsePool,
): Promise<FetchedBatch> {
  const wanted: number[] = [];
  const oversize: number[] = [];
  for (const uid of uids) {
    const size = sizes.get(uid);
    if (size === undefined) continue; // expunged by someone else meanwhile
    if (size > cfg.maxMessageBytes) {
      oversize.push(uid);
      log.warn({ mailbox: cfg.name, uid, size, maxMessageBytes: cfg.maxMessageBytes }, 'message over the size cap left in place');
    } else wanted.push(uid);
  }
  const groups: Array<Promise<Ingested[]>> = [];
  const seen = new Set<number>();
  let group: Pending[] = [];
  let parse = new GroupParse(parser, log);
  let bytes = 0;
  const flush = async () => {
    if (group.length) groups.push((await commits.add(group, parse)).done);
    group = [];
    parse = new GroupParse(parser, log);
    bytes = 0;
  };
  // `source` is fetched with BODY.PEEK[]: reading a message does not mark it \Seen
  if (wanted.length) {
    for await (const m of client.fetch(uidSet(wanted), { uid: true, source: true, internalDate: true }, { uid: true })) {
      if (!m.source) continue;
      seen.add(m.uid);
      if (m.source.length > cfg.maxMessageBytes) {
        // the server announced a smaller size than it sent
        oversize.push(m.uid);
        log.warn({ mailbox: cfg.name, uid: m.uid, size: m.source.length }, 'message over the size cap left in place');
        continue;
      }
      group.push({ uid: m.uid, raw: m.source, internalDate: m.internalDate });
      parse.add(m.source);
      bytes += m.source.length;
      if (bytes >= GROUP_BYTES || group.length >= cfg.batchSize) await flush();
    }
    await flush();
  }
  // expunged by another client between the two fetches: gone, and past the recorded UID after this batch
  const gone = wanted.filter((u) => !seen.has(u));
  if (gone.length) log.warn({ mailbox: cfg.name, uids: gone }, 'messages gone from the mailbox before they could be fetched');
  const committed = Promise.all(groups).then((lists) => lists.flat().sort((a, b) => a.uid - b.uid));
  committed.catch(() => {}); // thrown where it is awaited (the caller may fail before it gets there)
  return { committed, oversize: oversize.sort((a, b) => a - b) };
}
