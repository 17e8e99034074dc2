// docs/store.md and the README describe the same project: a sample or a measured figure that
// docs/store.md shows is the README's (which keeps the figures of today), never an older copy.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const readme = read('README.md');
const store = read('docs/store.md');
const squeeze = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('docs/store.md agrees with the README', () => {
  it('shows no ingest summary line the README does not show', () => {
    const summary = /^\s*(?:messages|new|duplicates|by kind|records|suppressed|failures)\s{2,}\S.*$/gm;
    const ours = (store.match(summary) ?? []).map(squeeze);
    const theirs = new Set((readme.match(summary) ?? []).map(squeeze));
    expect(ours.filter((l) => !theirs.has(l))).toEqual([]);
  });

  it('gives no coverage, rate or share the README does not give', () => {
    const figure = /\d[\d,.]*(?:[–-]\d[\d,.]*)?\s?(?:%|msg\/s|messages\/s)|\b\d+ \/ \d+\b/g;
    const readmeText = squeeze(readme);
    expect((store.match(figure) ?? []).filter((f) => !readmeText.includes(f))).toEqual([]);
  });
});
