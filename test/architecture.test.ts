// The two pure steps stay apart: the parser reads facts, the classifier decides reasons, and neither
// imports the other (both take their words from the leaf modules src/vocabulary and src/smtp-codes).
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every module a file imports (static, dynamic or re-exported), as a path under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.filter((s) => s.startsWith('.')).map((s) => relative(SRC, resolve(dirname(file), s)));
}

const topOf = (path: string) => path.split(/[\\/]/)[0];

describe('architecture', () => {
  const rules: Array<[string, string[]]> = [
    ['parse', ['classify']],
    ['classify', ['parse']],
    // the leaves import only each other
    ['vocabulary', ['parse', 'classify', 'smtp-codes']],
    ['smtp-codes', ['parse', 'classify']],
  ];
  for (const [from, banned] of rules) {
    it(`src/${from} imports nothing from ${banned.map((b) => `src/${b}`).join(', ')}`, () => {
      const files = sources(join(SRC, from));
      expect(files.length).toBeGreaterThan(0);
      const bad = files.flatMap((f) =>
        importsOf(f)
          .filter((i) => banned.includes(topOf(i)!))
          .map((i) => `${relative(SRC, f)} imports ${i}`),
      );
      expect(bad).toEqual([]);
    });
  }

  it('the scan sees an import that crosses the line', () => {
    // a check that cannot fail is no check: the scanner finds this very file's imports
    const self = fileURLToPath(import.meta.url);
    expect(importsOf(self)).toEqual([]); // only node: imports here
    expect(importsOf(join(SRC, 'parse-and-classify.ts')).map(topOf)).toEqual(expect.arrayContaining(['parse', 'classify']));
  });
});
