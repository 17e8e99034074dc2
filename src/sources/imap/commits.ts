// The commits of one pass, one group after the other in UID order, while the connection fetches
// what comes next: the main thread writes a group (and the parse thread parses the next) while the
// server sends more. A failed commit fails every commit queued after it (none of them is written),
// and the pass waits for whatever is queued to settle before it ends, so nothing is written after
// its store is closed or its lock released.
import type { MailboxConfig } from '../../config/imap.js';
import type { PipelineContext } from '../../pipeline/context.js';
import type { Parsed } from '../../pipeline/parse-safe.js';
import { sourceRef } from './client.js';
import type { GroupParse } from './parse-ahead.js';

/** groups fetched and not yet committed: the fetch waits beyond this, so memory stays bounded */
const IN_FLIGHT = 3;

export interface Pending {
  uid: number;
  raw: Buffer;
  internalDate: Date | string | undefined;
}

export interface Ingested {
  uid: number;
  /** the stored message's kind (also for a message stored before) */
  kind: string;
  duplicate: boolean;
}

export class CommitQueue {
  /** the last group queued: the next one is written after it, and only if it was */
  private last: Promise<unknown> = Promise.resolve();
  private readonly inFlight: Array<Promise<void>> = [];

  constructor(
    private readonly ctx: PipelineContext,
    private readonly cfg: MailboxConfig,
    private readonly uidValidity: number,
  ) {}

  /** Queue a group's commit (once its parse is back); waits first while IN_FLIGHT groups are uncommitted. */
  async add(group: Pending[], parse: GroupParse): Promise<{ done: Promise<Ingested[]> }> {
    while (this.inFlight.length >= IN_FLIGHT) await this.inFlight.shift();
    const parsed = parse.results();
    const done = this.last.then(async () => commitGroup(this.ctx, this.cfg, this.uidValidity, group, await parsed));
    this.last = done;
    // settled, whatever the outcome: the failure itself is thrown where `done` is awaited
    const settled = done.then(
      () => {},
      () => {},
    );
    this.inFlight.push(settled);
    return { done };
  }

  /** Every queued commit settled (written or failed). */
  async settled(): Promise<void> {
    await Promise.all(this.inFlight.splice(0));
  }
}

/** Ingest a group of messages in one transaction, through the store port (`parsed`: each one's parse, where it was done). */
async function commitGroup(ctx: PipelineContext, cfg: MailboxConfig, uidValidity: number, group: Pending[], parsed: Array<Parsed | undefined>): Promise<Ingested[]> {
  const results = await ctx.port.ingestGroup(
    group.map((p, i) => ({
      raw: p.raw,
      meta: { source: 'imap' as const, sourceRef: sourceRef(cfg, uidValidity, p.uid), receivedAt: validDate(p.internalDate) },
      parsed: parsed[i],
    })),
  );
  // a message stored before returns no kind: the stored one decides
  return results.map((r, i) => ({ uid: group[i]!.uid, kind: r.kind ?? r.storedKind ?? 'not-bounce', duplicate: r.duplicate }));
}

function validDate(d: Date | string | undefined): Date | undefined {
  if (d === undefined) return undefined;
  const t = typeof d === 'string' ? new Date(d) : d;
  return Number.isNaN(t.getTime()) ? undefined : t;
}
