// An export written as files: one file, or, for a layout whose service takes at most so many
// addresses or bytes per import (`limit`), numbered parts: `PATH`, then `NAME-2.EXT`, `NAME-3.EXT`,
// ... each a complete file of the layout (its own header). Parts left from an earlier, longer
// export are removed, so a directory never holds a part that is no longer true.
import { existsSync, unlinkSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { ExportOptions } from './export.js';
import { type ExportSource, layoutOf } from './formats.js';
import { AtomicFile } from './atomic-file.js';
import { exportPages } from './stream.js';

/** Where one file goes: `write` its pieces, then `finish` (commit it, or find it unchanged). */
export interface PartFile {
  write(chunk: string): void;
  finish(): Promise<void> | void;
  /** drop what was written (an error happened) */
  abort(): void;
}

/** Part `n` (from 1) of an export to `path`: `path` itself, then `name-2.ext`, ... */
export function partPath(path: string, n: number): string {
  if (n === 1) return path;
  const ext = extname(path);
  return join(dirname(path), `${basename(path, ext)}-${n}${ext}`);
}

/** A part written atomically (a temporary file renamed over the target when finished). */
export function atomicPart(path: string): PartFile {
  const f = new AtomicFile(path);
  return { write: (chunk) => f.write(chunk), finish: () => f.commit(), abort: () => f.abort() };
}

export interface WrittenParts {
  count: number;
  paths: string[];
  /** parts of an earlier export removed */
  removed: string[];
}

export async function writeExportParts(source: ExportSource, opts: ExportOptions, path: string, open: (path: string) => PartFile): Promise<WrittenParts> {
  const layout = layoutOf(opts.format);
  const maxRows = layout.limit?.rows ?? Infinity;
  const maxBytes = layout.limit?.bytes ?? Infinity;
  const paths: string[] = [];
  let file: PartFile | null = null;
  let rows = 0;
  let bytes = 0;
  let count = 0;
  const start = () => {
    paths.push(partPath(path, paths.length + 1));
    file = open(paths[paths.length - 1]!);
    file.write(layout.head);
    rows = 0;
    bytes = Buffer.byteLength(layout.head);
  };
  const finish = async () => {
    file!.write(layout.tail(rows));
    const f = file!;
    file = null;
    await f.finish();
  };
  try {
    start();
    for await (const page of exportPages(source, opts, (r, cause) => ({ r, cause }))) {
      for (const { r, cause } of page) {
        let text = layout.row(r, rows, cause);
        const size = Buffer.byteLength(text);
        // a part is full when one more row would go over a limit (a part holds at least one row)
        if (rows > 0 && (rows + 1 > maxRows || bytes + size + Buffer.byteLength(layout.tail(rows + 1)) > maxBytes)) {
          await finish();
          start();
          text = layout.row(r, 0, cause);
        }
        file!.write(text);
        rows++;
        count++;
        bytes += Buffer.byteLength(text);
      }
    }
    await finish();
  } catch (err) {
    (file as PartFile | null)?.abort();
    throw err;
  }
  const removed: string[] = [];
  for (let n = paths.length + 1; existsSync(partPath(path, n)); n++) {
    unlinkSync(partPath(path, n));
    removed.push(partPath(path, n));
  }
  return { count, paths, removed };
}
