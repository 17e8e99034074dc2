// The parser entry as the build ships it (scripts/bundle-parser.mjs: one file): it loads on its own,
// names no module of ours outside itself, and reads reports exactly as the separate modules do.
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBounce } from '../src/parser.js';
// @ts-expect-error: a plain .mjs script without types
import { bundleParser } from '../scripts/bundle-parser.mjs';

const ROOT = join(import.meta.dirname, '..');

describe('the bundled parser entry', () => {
  it('is one file that parses the fixtures as the sources do', async () => {
    const dir = join(ROOT, '.tmp', 'parser-bundle');
    mkdirSync(dir, { recursive: true });
    const out = (await bundleParser(join(dir, 'parser.js'))) as string;
    const code = readFileSync(out, 'utf8');
    expect(code).not.toMatch(/from ["']\.{1,2}\//); // no relative import left
    const bundled = (await import(pathToFileURL(out).href)) as { parseBounce: typeof parseBounce };
    const files = readdirSync(join(ROOT, 'fixtures', 'dsn')).filter((f) => f.endsWith('.eml')).sort().slice(0, 40);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const raw = readFileSync(join(ROOT, 'fixtures', 'dsn', f));
      expect(bundled.parseBounce(raw), f).toEqual(parseBounce(raw));
    }
  }, 120_000);
});
