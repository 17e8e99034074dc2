// A group's messages parsed on the parse threads while the rest of the group is still being fetched:
// the poller's thread then only reads the server's answers and writes the store. The messages go in
// chunks of a few (a post to a thread costs about what a small message's parse does). A chunk whose
// parse fails (its thread died) comes back unparsed: the store port parses those messages itself,
// on this thread, as it did before the threads; a dead thread costs time, never a message.
import type { ResourceLimits } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { PipelineContext } from '../../pipeline/context.js';
import { type ParsePool, createParsePool } from '../../pipeline/parse-pool.js';
import type { Parsed } from '../../pipeline/parse-safe.js';

/** messages per post, or fewer once they hold this many bytes (the last chunk's parse is waited for) */
const CHUNK = 32;
const CHUNK_BYTES = 1024 * 1024;

export class GroupParse {
  private readonly posted: Array<Promise<Array<Parsed | undefined>>> = [];
  private chunk: Uint8Array[] = [];
  private bytes = 0;
  private count = 0;

  constructor(
    /** none: the port parses every message */
    private readonly pool: ParsePool | undefined,
    private readonly log: Logger,
  ) {}

  /** The next message of the group, in the order it will be committed. */
  add(raw: Uint8Array): void {
    this.count++;
    if (!this.pool) return;
    this.chunk.push(raw);
    this.bytes += raw.byteLength;
    if (this.chunk.length >= CHUNK || this.bytes >= CHUNK_BYTES) this.post();
  }

  /** Each added message's parse, in order; undefined where the port must parse it. */
  async results(): Promise<Array<Parsed | undefined>> {
    if (!this.pool) return new Array<undefined>(this.count).fill(undefined);
    this.post();
    return (await Promise.all(this.posted)).flat();
  }

  private post(): void {
    const chunk = this.chunk;
    if (!chunk.length || !this.pool) return;
    this.chunk = [];
    this.bytes = 0;
    this.posted.push(
      this.pool.parseAll(chunk.map((raw) => ({ raw, format: null }))).catch((err: Error) => {
        this.log.warn({ err: err.message, messages: chunk.length }, 'imap: a parse thread failed: these messages are parsed on the main thread');
        return new Array<undefined>(chunk.length).fill(undefined);
      }),
    );
  }
}

/**
 * The poller's parse thread, for its lifetime (closed by whoever made it). One: the poller's own
 * thread writes each message in about the time a thread parses one. The workers classify with the
 * store's rules; `reload()` after the store's classifier was replaced.
 */
export function pollerParsePool(ctx: PipelineContext, resourceLimits?: ResourceLimits): ParsePool {
  const store = ctx.store;
  return createParsePool(
    1,
    {
      get classifier() {
        return store.classifier; // a reload replaces it: read at each use
      },
    },
    { resourceLimits },
  );
}
