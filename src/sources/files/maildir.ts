// Maildir: a folder with cur/ and new/ (and tmp/, whose files are still being written: skipped).
// Each file is one message; its name starts with the delivery time in seconds.
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

export function isMaildir(dir: string): boolean {
  return ['cur', 'new'].every((d) => existsSync(join(dir, d)) && statSync(join(dir, d)).isDirectory());
}

/** The delivery time from a Maildir file name (`1700000000.M12P34.host:2,S`), or null. */
export function maildirTime(path: string): Date | null {
  const m = /^(\d{9,11})\./.exec(basename(path));
  return m ? new Date(Number(m[1]) * 1000) : null;
}
