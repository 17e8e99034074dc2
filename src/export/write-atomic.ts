// Write a file so that readers see the old content or the new, never half: a temporary file in
// the same directory, flushed to disk, then renamed over the target.
import { AtomicFile } from './atomic-file.js';

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const f = new AtomicFile(path);
  try {
    f.write(data);
  } catch (err) {
    f.abort();
    throw err;
  }
  f.commit();
}
