// A file written a piece at a time and then put in place whole: the pieces go to a temporary file
// in the same directory; `commit` flushes it to disk and renames it over the target (readers see
// the old content or the new, never half), `abort` removes it. Memory stays bounded whatever the
// file's size.
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export class AtomicFile {
  private readonly tmp: string;
  private fd: number | null;

  constructor(readonly path: string) {
    this.tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      this.fd = openSync(this.tmp, 'wx', 0o644);
    } catch (err) {
      throw this.failure(err);
    }
  }

  write(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    try {
      while (off < bytes.length) off += writeSync(this.fd!, bytes, off, bytes.length - off);
    } catch (err) {
      throw this.failure(err);
    }
  }

  commit(): void {
    try {
      fsyncSync(this.fd!);
      this.close();
      renameSync(this.tmp, this.path);
    } catch (err) {
      this.abort();
      throw this.failure(err);
    }
  }

  abort(): void {
    this.close();
    try {
      unlinkSync(this.tmp);
    } catch {
      // already gone
    }
  }

  /** An error that names the target: the temporary file is ours, not the user's. */
  private failure(err: unknown): Error {
    const e = err as NodeJS.ErrnoException;
    // "ENOENT: no such file or directory, open '/dir/.x.csv.1234.tmp'" → "no such file or directory (ENOENT)"
    const why = e.code ? `${e.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*$/, '')} (${e.code})` : e.message;
    return new Error(`cannot write ${this.path}: ${why}`, { cause: err });
  }

  private close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    closeSync(fd);
  }
}
