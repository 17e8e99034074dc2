// What `rebound ingest PATH...` reads: .eml files (one message each), directories (recursively; a
// Maildir's cur/ and new/), mbox files (any other file whose first line is a `From ` separator) and
// `-` for standard input (an mbox when it starts like one). Files and standard input are streamed:
// an mbox of any size is split as it is read, one message in memory at a time, and a message over
// the size limit is an error item, not a buffer. Sources only deliver raw messages with where they
// came from; they never parse. An input that cannot be read is reported as an error item and the
// rest goes on. A walk stays inside the directory it was given: a symbolic link found there is
// followed only to a file inside it (a link out of it, or to a directory, which could loop, is
// skipped and said through `onSkip`).
import { closeSync, constants, createReadStream, fstatSync, openSync, readSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { asBuffers, peek, readUpTo } from './byte-stream.js';
import { isMaildir, maildirTime } from './maildir.js';
import { fromLineDate, looksLikeMbox } from './mbox.js';
import { splitMboxStream } from './mbox-stream.js';

export type InputItem =
  | { ok: true; raw: Buffer; source: 'file' | 'stdin'; ref: string; receivedAt: Date }
  | { ok: false; ref: string; error: string };

/** A file of one message, whatever its first line */
const EML = /\.(?:eml|msg)$/i;

/** The SMTP listener's and the IMAP poller's default too. */
export const DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export interface ReadOptions {
  /** standard input for `-` (tests pass their own stream) */
  stdin?: AsyncIterable<Uint8Array>;
  now?: () => Date;
  /** a larger message is an error item, never held whole in memory */
  maxMessageBytes?: number;
  /** bytes read from a file at a time (tests make them few, to cut separators) */
  highWaterMark?: number;
  /** a symbolic link a directory walk did not follow, and why (the CLI says it on stderr) */
  onSkip?: (ref: string, why: string) => void;
}

type Options = Required<Pick<ReadOptions, 'maxMessageBytes'>> & Pick<ReadOptions, 'highWaterMark' | 'onSkip'>;

export async function* readInputs(paths: string[], opts: ReadOptions = {}): AsyncGenerator<InputItem> {
  const now = opts.now ?? (() => new Date());
  const o: Options = { maxMessageBytes: opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES, highWaterMark: opts.highWaterMark, onSkip: opts.onSkip };
  for (const p of paths) {
    if (p === '-') yield* fromStream(opts.stdin ?? process.stdin, { source: 'stdin', ref: '-', receivedAt: now() }, o);
    else yield* fromPath(p, o);
  }
}

async function* fromPath(path: string, o: Options): AsyncGenerator<InputItem> {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    yield { ok: false, ref: path, error: message(err) };
    return;
  }
  if (st.isDirectory()) {
    yield* fromDirectory(path, o, realpathSync(path));
    return;
  }
  if (!st.isFile()) {
    yield { ok: false, ref: path, error: 'not a regular file' };
    return;
  }
  if (EML.test(path)) {
    yield fromEml(path, o);
    return;
  }
  const stream = createReadStream(path, { highWaterMark: o.highWaterMark });
  try {
    yield* fromStream(stream, { source: 'file', ref: path, receivedAt: maildirTime(path) ?? st.mtime, size: st.size }, o);
  } finally {
    stream.destroy();
  }
}

/** An .eml (or .msg) file is one message, kept byte for byte, even when a `From ` envelope line heads it. */
function fromEml(path: string, o: Options): InputItem {
  let data: Buffer;
  let mtime: Date;
  let fd: number;
  try {
    // without blocking: a FIFO put in the file's place since the walk saw it is refused below, not waited on
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return { ok: false, ref: path, error: message(err) };
  }
  try {
    // one fstat on the open file, rather than a stat of the path and readFileSync's own fstat
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, ref: path, error: 'not a regular file' };
    if (st.size > o.maxMessageBytes) return tooLarge(path, o);
    data = readAll(fd, st.size);
    mtime = st.mtime;
  } catch (err) {
    return { ok: false, ref: path, error: message(err) };
  } finally {
    closeSync(fd);
  }
  const first = looksLikeMbox(data) ? fromLineDate(data.subarray(0, Math.max(0, data.indexOf(10))).toString('latin1')) : null;
  return { ok: true, raw: data, source: 'file', ref: path, receivedAt: first ?? maildirTime(path) ?? mtime };
}

/** The file's `size` bytes (fewer if it shrank meanwhile), as readFileSync reads a regular file. */
function readAll(fd: number, size: number): Buffer {
  const buf = Buffer.allocUnsafe(size);
  let at = 0;
  while (at < size) {
    const n = readSync(fd, buf, at, size - at, at);
    if (n === 0) break;
    at += n;
  }
  return at === size ? buf : buf.subarray(0, at);
}

/** `root`: the real path of the directory the walk was given, which it does not leave */
async function* fromDirectory(dir: string, o: Options, root: string): AsyncGenerator<InputItem> {
  if (isMaildir(dir)) {
    for (const sub of ['new', 'cur']) yield* fromFiles(join(dir, sub), false, o, root);
    // Maildir++ keeps subfolders as .Name directories beside cur/ and new/
    for (const e of sortedEntries(dir)) {
      if (e.isDirectory() && e.name.startsWith('.') && e.name !== '.' && e.name !== '..') yield* fromDirectory(join(dir, e.name), o, root);
    }
    return;
  }
  yield* fromFiles(dir, true, o, root);
}

/** Why a symbolic link met in a walk is not followed; null: it is a file inside the walk (or broken, reported when read). */
function linkRefusal(path: string, root: string): string | null {
  let target: string;
  try {
    target = realpathSync(path);
  } catch {
    return null;
  }
  if (target !== root && !target.startsWith(root + sep)) return `a symbolic link out of the directory (to ${target}): not followed`;
  if (statSync(target).isDirectory()) return 'a symbolic link to a directory: not followed';
  return null;
}

async function* fromFiles(dir: string, recurse: boolean, o: Options, root: string): AsyncGenerator<InputItem> {
  let entries;
  try {
    entries = sortedEntries(dir);
  } catch (err) {
    yield { ok: false, ref: dir, error: message(err) };
    return;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.name.startsWith('.') && !e.isDirectory()) continue; // .DS_Store and the like
    if (e.isDirectory()) {
      if (recurse) yield* fromDirectory(path, o, root);
      continue;
    }
    // a regular .eml file as the listing says: read without a stat of its own (one in five of its system calls)
    if (e.isFile() && EML.test(e.name)) {
      yield fromEml(path, o);
      continue;
    }
    const refused = e.isSymbolicLink() ? linkRefusal(path, root) : null;
    if (refused) o.onSkip?.(path, refused);
    else yield* fromPath(path, o); // files, and links to files inside (a broken one is reported)
  }
}

function sortedEntries(dir: string) {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

interface Origin {
  source: 'file' | 'stdin';
  ref: string;
  receivedAt: Date;
  /** the file's size, when known before reading */
  size?: number;
}

/** A file or standard input: an mbox, split as it comes, when it starts like one; else one message. */
async function* fromStream(stream: AsyncIterable<Uint8Array>, from: Origin, o: Options): AsyncGenerator<InputItem> {
  const { source, ref, receivedAt } = from;
  try {
    const { head, all } = await peek(asBuffers(stream), 200);
    if (!looksLikeMbox(head)) {
      const raw = (from.size ?? 0) > o.maxMessageBytes ? null : await readUpTo(all, o.maxMessageBytes);
      yield raw ? { ok: true, raw, source, ref, receivedAt } : tooLarge(ref, o);
      return;
    }
    let n = 0;
    for await (const m of splitMboxStream(all, o.maxMessageBytes)) {
      n++;
      yield 'tooLarge' in m ? tooLarge(`${ref}#${n}`, o) : { ok: true, raw: m.raw, source, ref: `${ref}#${n}`, receivedAt: m.date ?? receivedAt };
    }
  } catch (err) {
    // unreadable from the start, or failing part way (the messages before were delivered)
    yield { ok: false, ref, error: message(err) };
  }
}

function tooLarge(ref: string, o: Options): InputItem {
  return { ok: false, ref, error: `message too large: more than ${o.maxMessageBytes} bytes` };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
