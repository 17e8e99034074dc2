// What `rebound ingest PATH...` reads: .eml files (one message each), directories (recursively; a
// Maildir's cur/ and new/), mbox files (any other file whose first line is a `From ` separator) and
// `-` for standard input (an mbox when it starts like one). Sources only
// deliver raw messages with where they came from; they never parse. An input that cannot be read
// is reported as an error item and the rest goes on.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isMaildir, maildirTime } from './maildir.js';
import { fromLineDate, looksLikeMbox, splitMbox } from './mbox.js';

export type InputItem =
  | { ok: true; raw: Buffer; source: 'file' | 'stdin'; ref: string; receivedAt: Date }
  | { ok: false; ref: string; error: string };

export interface ReadOptions {
  /** read standard input for `-` (tests pass their own) */
  stdin?: () => Promise<Buffer>;
  now?: () => Date;
}

export async function* readInputs(paths: string[], opts: ReadOptions = {}): AsyncGenerator<InputItem> {
  const now = opts.now ?? (() => new Date());
  for (const p of paths) {
    if (p === '-') {
      try {
        const data = await (opts.stdin ?? readStdin)();
        yield* fromBytes(data, 'stdin', '-', now());
      } catch (err) {
        yield { ok: false, ref: '-', error: message(err) };
      }
      continue;
    }
    yield* fromPath(p);
  }
}

function* fromPath(path: string): Generator<InputItem> {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    yield { ok: false, ref: path, error: message(err) };
    return;
  }
  if (st.isDirectory()) {
    yield* fromDirectory(path);
    return;
  }
  if (!st.isFile()) {
    yield { ok: false, ref: path, error: 'not a regular file' };
    return;
  }
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (err) {
    yield { ok: false, ref: path, error: message(err) };
    return;
  }
  yield* fromBytes(data, 'file', path, maildirTime(path) ?? st.mtime, /\.(?:eml|msg)$/i.test(path));
}

function* fromDirectory(dir: string): Generator<InputItem> {
  if (isMaildir(dir)) {
    for (const sub of ['new', 'cur']) yield* fromFiles(join(dir, sub), false);
    // Maildir++ keeps subfolders as .Name directories beside cur/ and new/
    for (const e of sortedEntries(dir)) {
      if (e.isDirectory() && e.name.startsWith('.') && e.name !== '.' && e.name !== '..') yield* fromDirectory(join(dir, e.name));
    }
    return;
  }
  yield* fromFiles(dir, true);
}

function* fromFiles(dir: string, recurse: boolean): Generator<InputItem> {
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
      if (recurse) yield* fromDirectory(path);
    } else {
      yield* fromPath(path); // files, and symbolic links (a broken one is reported)
    }
  }
}

function sortedEntries(dir: string) {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function* fromBytes(data: Buffer, source: 'file' | 'stdin', ref: string, receivedAt: Date, single = false): Generator<InputItem> {
  if (!looksLikeMbox(data)) {
    yield { ok: true, raw: data, source, ref, receivedAt };
    return;
  }
  if (single) {
    // an .eml (or .msg) file is one message, kept byte for byte, even when a `From ` envelope line heads it
    const first = data.subarray(0, Math.max(0, data.indexOf(10))).toString('latin1');
    yield { ok: true, raw: data, source, ref, receivedAt: fromLineDate(first) ?? receivedAt };
    return;
  }
  let n = 0;
  for (const m of splitMbox(data)) {
    n++;
    yield { ok: true, raw: m.raw, source, ref: `${ref}#${n}`, receivedAt: m.date ?? receivedAt };
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
