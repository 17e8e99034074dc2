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
    this.fd = openSync(this.tmp, 'wx', 0o644);
  }

  write(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd!, bytes, off, bytes.length - off);
  }

  commit(): void {
    try {
      fsyncSync(this.fd!);
      this.close();
      renameSync(this.tmp, this.path);
    } catch (err) {
      this.abort();
      throw err;
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

  private close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    closeSync(fd);
  }
}
