// The dashboard's files, built by `npm run build` (scripts/build-ui.mjs) into dist/ui/: read once
// at start, gzipped once, served from memory. Nothing is fetched from anywhere else at run time.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** dist/ui beside this module, compiled (dist/http/ui/) or not (src/http/ui/): three levels up either way */
export const DEFAULT_ASSETS_DIR = fileURLToPath(new URL('../../../dist/ui/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export interface Asset {
  type: string;
  body: Buffer;
  gzip: Buffer;
  /** names with a content hash never change: cached for good */
  immutable: boolean;
}

/** file name → asset; null when the dashboard has not been built */
export function loadAssets(dir: string = DEFAULT_ASSETS_DIR): Map<string, Asset> | null {
  if (!existsSync(join(dir, 'index.html'))) return null;
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    const body = readFileSync(join(dir, name));
    assets.set(name, { type, body, gzip: gzipSync(body, { level: 9 }), immutable: /-[A-Z0-9]{8}\.\w+$/.test(name) });
  }
  return assets;
}
