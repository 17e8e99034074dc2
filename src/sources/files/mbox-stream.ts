// Splitting an mbox as it is read, so that a file of any size needs in memory only the message at
// hand: the same separators and messages as splitMbox, but fed chunk by chunk (a `\nFrom ` may be
// cut anywhere between two chunks). A message longer than the limit is dropped as it arrives and
// its place reported, so that the ones after it still come.
import { mboxMessage, mboxPart, type MboxMessage } from './mbox.js';

/** A message, or the place of one that was more than the limit. */
export type MboxEntry = MboxMessage | { tooLarge: true };

const FROM = Buffer.from('From ');
const NO_BYTES = Buffer.alloc(0);

export async function* splitMboxStream(chunks: AsyncIterable<Buffer>, maxMessageBytes: number): AsyncGenerator<MboxEntry> {
  const splitter = new MboxSplitter(maxMessageBytes);
  for await (const chunk of chunks) yield* splitter.push(chunk);
  yield* splitter.end();
}

/**
 * The limit counts a message's bytes as stored in the mbox (between its `From ` line and the
 * blank line before the next), before `>From ` unquoting.
 */
export class MboxSplitter {
  /** the message being read, from its `From ` line; empty before the first separator */
  private parts: Buffer[] = [];
  private inMessage = false;
  private held = 0;
  /** where the body starts in the held bytes; -1 until the `From ` line's newline came */
  private bodyAt = -1;
  private tooLarge = false;
  /** the end of the last chunk when it may be the start of a separator (`From`, `Fr`, ...) */
  private carry = NO_BYTES;
  /** the next chunk starts a line (the stream's start, or after a newline) */
  private lineStart = true;

  constructor(private readonly maxMessageBytes: number) {}

  push(chunk: Buffer): MboxEntry[] {
    const data = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    if (data.length === 0) return [];
    const out: MboxEntry[] = [];
    let from = 0;
    for (let at = this.lineStart && startsWith(data, 0) ? 0 : nextSeparator(data, 0); at >= 0; at = nextSeparator(data, at)) {
      this.add(data.subarray(from, at));
      this.finish(false, out);
      this.inMessage = true;
      from = at;
    }
    const keep = partialSeparator(data, this.lineStart);
    this.add(data.subarray(from, data.length - keep));
    // copied: a slice would keep the whole chunk alive
    this.carry = keep ? Buffer.from(data.subarray(data.length - keep)) : NO_BYTES;
    this.lineStart = keep > 0 || data[data.length - 1] === 10;
    return out;
  }

  end(): MboxEntry[] {
    this.add(this.carry);
    this.carry = NO_BYTES;
    const out: MboxEntry[] = [];
    this.finish(true, out);
    return out;
  }

  private add(bytes: Buffer): void {
    if (!this.inMessage || this.tooLarge || bytes.length === 0) return;
    if (this.bodyAt < 0) {
      const nl = bytes.indexOf(10);
      if (nl >= 0) this.bodyAt = this.held + nl + 1;
    }
    this.held += bytes.length;
    this.parts.push(bytes);
    // the blank line before the next separator may still come off: 2 bytes of grace
    if (this.held - Math.max(this.bodyAt, 0) > this.maxMessageBytes + 2) {
      this.tooLarge = true;
      this.parts = [];
    }
  }

  private finish(last: boolean, out: MboxEntry[]): void {
    if (!this.inMessage) return;
    if (this.tooLarge) {
      out.push({ tooLarge: true });
    } else {
      const part = mboxPart(Buffer.concat(this.parts, this.held), last);
      if (part && part.body.length > this.maxMessageBytes) out.push({ tooLarge: true });
      else if (part) out.push(mboxMessage(part));
    }
    this.parts = [];
    this.held = 0;
    this.bodyAt = -1;
    this.tooLarge = false;
  }
}

function startsWith(data: Buffer, at: number): boolean {
  return data.length - at >= FROM.length && data.compare(FROM, 0, FROM.length, at, at + FROM.length) === 0;
}

/** Where the next `From ` after a newline starts, searching from `at`; -1 if none. */
function nextSeparator(data: Buffer, at: number): number {
  const nl = data.indexOf('\nFrom ', at, 'latin1');
  return nl < 0 ? -1 : nl + 1;
}

/** How many bytes at the end may begin a separator the next chunk completes (0 to 5). */
function partialSeparator(data: Buffer, lineStart: boolean): number {
  const nl = data.lastIndexOf(10);
  const at = nl >= 0 ? nl + 1 : lineStart ? 0 : -1;
  if (at < 0 || data.length - at >= FROM.length) return 0;
  return data.compare(FROM, 0, data.length - at, at) === 0 ? data.length - at : 0;
}
