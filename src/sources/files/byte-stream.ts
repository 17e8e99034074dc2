// Reading a byte stream (a file, standard input) in chunks: a look at its start without losing it,
// and the whole of it when it is one message, up to a limit.

/** The chunks as Buffers (a stream in object mode or a test may give other byte arrays). */
export async function* asBuffers(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  for await (const c of chunks) yield Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
}

/**
 * The first chunks, until they hold a newline or `bytes` bytes (or the stream ends), and the whole
 * stream again, those chunks first.
 */
export async function peek(chunks: AsyncIterable<Buffer>, bytes: number): Promise<{ head: Buffer; all: AsyncIterable<Buffer> }> {
  const it = chunks[Symbol.asyncIterator]();
  const first: Buffer[] = [];
  let size = 0;
  let line = false;
  while (size < bytes && !line) {
    const r = await it.next();
    if (r.done) break;
    first.push(r.value);
    size += r.value.length;
    line = r.value.includes(10);
  }
  async function* all(): AsyncGenerator<Buffer> {
    yield* first;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  return { head: Buffer.concat(first, size), all: all() };
}

/** The whole stream, or null when it is more than `max` bytes (it is then read to its end and dropped). */
export async function readUpTo(chunks: AsyncIterable<Buffer>, max: number): Promise<Buffer | null> {
  const kept: Buffer[] = [];
  let size = 0;
  for await (const c of chunks) {
    size += c.length;
    if (size <= max) kept.push(c);
    else kept.length = 0;
  }
  return size <= max ? Buffer.concat(kept, size) : null;
}
