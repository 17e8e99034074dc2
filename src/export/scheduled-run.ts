// One scheduled file, generated once: the rows go a page at a time into a temporary file while
// being hashed; when the digest equals what the target holds, the temporary file is dropped (the
// target is not touched), else it is renamed over the target. `known` remembers each target's
// digest with its size and mtime, so that the target is read again only when someone else changed it.
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StorePort } from '../store/port.js';
import type { ExportFileSettings } from '../config/export.js';
import { AtomicFile } from './atomic-file.js';
import { exportChunks } from './stream.js';

export interface ExportRun {
  path: string;
  result: 'written' | 'unchanged' | 'failed';
  error?: string;
}

export interface Known {
  digest: string;
  size: number;
  mtimeMs: number;
}

export async function runExportFile(port: StorePort, f: ExportFileSettings, at: Date, known: Map<string, Known>): Promise<ExportRun> {
  let file: AtomicFile | null = null;
  try {
    mkdirSync(dirname(f.path), { recursive: true });
    file = new AtomicFile(f.path);
    const hash = createHash('sha256');
    for await (const chunk of exportChunks(port, { format: f.format, types: f.types, domain: f.domain, at })) {
      hash.update(chunk, 'utf8');
      file.write(chunk);
    }
    const digest = hash.digest('hex');
    if (digest === (await currentDigest(f.path, known.get(f.path)))) {
      file.abort();
      return { path: f.path, result: 'unchanged' };
    }
    file.commit();
    known.set(f.path, { digest, ...statOf(f.path)! });
    return { path: f.path, result: 'written' };
  } catch (err) {
    file?.abort();
    return { path: f.path, result: 'failed', error: (err as Error).message };
  }
}

function statOf(path: string): { size: number; mtimeMs: number } | null {
  try {
    const st = statSync(path);
    return { size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    return null;
  }
}

/** The digest of the file on disk: remembered while it looks as we left it, else read again; '' when absent. */
async function currentDigest(path: string, k: Known | undefined): Promise<string> {
  const st = statOf(path);
  if (!st) return '';
  if (k && k.size === st.size && k.mtimeMs === st.mtimeMs) return k.digest;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
