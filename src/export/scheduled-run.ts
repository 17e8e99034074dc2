// One scheduled file, generated once: the rows go a page at a time into a temporary file while
// being hashed; when the digest equals what the target holds, the temporary file is dropped (the
// target is not touched), else it is renamed over the target. `known` remembers each target's
// digest with its size and mtime, so that the target is read again only when someone else changed it.
// A layout with an import limit is split into numbered files as `rebound export --out` splits it
// (parts.ts); each part is compared and replaced on its own.
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ExportFileSettings } from '../config/export.js';
import { AtomicFile } from './atomic-file.js';
import { type PartFile, writeExportParts } from './parts.js';
import type { ExportSource } from './formats.js';

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

export async function runExportFile(source: ExportSource, f: ExportFileSettings, at: Date, known: Map<string, Known>): Promise<ExportRun> {
  let written = false;
  try {
    mkdirSync(dirname(f.path), { recursive: true });
    const r = await writeExportParts(source, { format: f.format, types: f.types, domain: f.domain, at }, f.path, (path) => {
      const file = new AtomicFile(path);
      const hash = createHash('sha256');
      const part: PartFile = {
        write(chunk) {
          hash.update(chunk, 'utf8');
          file.write(chunk);
        },
        async finish() {
          const digest = hash.digest('hex');
          if (digest === (await currentDigest(path, known.get(path)))) return file.abort();
          file.commit();
          written = true;
          known.set(path, { digest, ...statOf(path)! });
        },
        abort: () => file.abort(),
      };
      return part;
    });
    for (const p of r.removed) known.delete(p);
    return { path: f.path, result: written || r.removed.length ? 'written' : 'unchanged' };
  } catch (err) {
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
