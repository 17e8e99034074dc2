// One batch of UIDs: sizes first (a message over the cap is never fetched), then the sources,
// streamed one message at a time and committed in groups, each group in one transaction.
import type { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import type { MailboxConfig } from '../../config/imap.js';
import type { PipelineContext } from '../../pipeline/context.js';
import { sourceRef } from './client.js';
import { uidSet } from './uid-set.js';

/** A group is committed once it holds this many bytes, so memory stays bounded whatever the batch size. */
const GROUP_BYTES = 4 * 1024 * 1024;

export interface Ingested {
  uid: number;
  /** the stored message's kind (also for a message stored before) */
  kind: string;
  duplicate: boolean;
}

export interface BatchOutcome {
  /** committed, in UID order */
  ingested: Ingested[];
  /** over the size cap: left in place */
  oversize: number[];
}

interface Pending {
  uid: number;
  raw: Buffer;
  internalDate: Date | string | undefined;
}

export async function ingestBatch(
  client: ImapFlow,
  ctx: PipelineContext,
  cfg: MailboxConfig,
  uidValidity: number,
  uids: readonly number[],
  log: Logger,
): Promise<BatchOutcome> {
  const sizes = new Map<number, number>();
  for await (const m of client.fetch(uidSet(uids), { uid: true, size: true }, { uid: true })) {
    if (m.size !== undefined) sizes.set(m.uid, m.size);
  }
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
  const ingested: Ingested[] = [];
  if (wanted.length === 0) return { ingested, oversize };

  const seen = new Set<number>();
  let group: Pending[] = [];
  let bytes = 0;
  const flush = async () => {
    if (group.length) ingested.push(...(await commitGroup(ctx, cfg, uidValidity, group)));
    group = [];
    bytes = 0;
  };
  // `source` is fetched with BODY.PEEK[]: reading a message does not mark it \Seen
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
    bytes += m.source.length;
    if (bytes >= GROUP_BYTES || group.length >= cfg.batchSize) await flush();
  }
  await flush();
  // expunged by another client between the two fetches: gone, and past the recorded UID after this batch
  const gone = wanted.filter((u) => !seen.has(u));
  if (gone.length) log.warn({ mailbox: cfg.name, uids: gone }, 'messages gone from the mailbox before they could be fetched');
  ingested.sort((a, b) => a.uid - b.uid);
  return { ingested, oversize: oversize.sort((a, b) => a - b) };
}

/** Ingest a group of messages in one transaction, through the store port. */
async function commitGroup(ctx: PipelineContext, cfg: MailboxConfig, uidValidity: number, group: Pending[]): Promise<Ingested[]> {
  const results = await ctx.port.ingestGroup(
    group.map((p) => ({ raw: p.raw, meta: { source: 'imap' as const, sourceRef: sourceRef(cfg, uidValidity, p.uid), receivedAt: validDate(p.internalDate) } })),
  );
  // a message stored before returns no kind: the stored one decides
  return results.map((r, i) => ({ uid: group[i]!.uid, kind: r.kind ?? r.storedKind ?? 'not-bounce', duplicate: r.duplicate }));
}

function validDate(d: Date | string | undefined): Date | undefined {
  if (d === undefined) return undefined;
  const t = typeof d === 'string' ? new Date(d) : d;
  return Number.isNaN(t.getTime()) ? undefined : t;
}
