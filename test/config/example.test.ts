// config/rebound.example.toml cannot fall behind the schemas: it loads to exactly the built-in
// defaults, every key of every section appears in it (set, or commented out with an example), and
// so does every variable name.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';
import { loadConfig } from '../../src/config/load.js';
import { SECTIONS, SECTION_NAMES } from '../../src/config/sections.js';
import { schemaKeys } from '../../src/config/schema-keys.js';
import { allVariableNames } from '../../src/config/env-names.js';

const EXAMPLE = fileURLToPath(new URL('../../config/rebound.example.toml', import.meta.url));
const text = readFileSync(EXAMPLE, 'utf8');
const empty = mkdtempSync(join(tmpdir(), 'rebound-example-'));

/** The example with its commented-out settings and table headers made live. */
function uncommented(): string {
  return text
    .split('\n')
    .map((l) => (/^# (\[\[?[\w.]+\]\]?(\s+#.*)?|[A-Za-z]\w* = .+)$/.test(l) ? l.slice(2) : l))
    .join('\n');
}

/** Every key path of a parsed TOML document, list indices dropped (`imap.host`). */
function keyPaths(value: unknown, prefix: string[] = []): string[] {
  if (Array.isArray(value) && value.some((v) => v && typeof v === 'object')) return [prefix.join('.'), ...value.flatMap((v) => keyPaths(v, prefix))];
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => keyPaths(v, [...prefix, k]));
  }
  return [prefix.join('.')];
}

describe('config/rebound.example.toml', () => {
  it('loads to the built-in defaults', () => {
    const fromExample = loadConfig({ file: EXAMPLE, env: {}, cwd: empty });
    const defaults = loadConfig({ env: {}, cwd: empty });
    expect(defaults.source.file).toBeNull();
    const { source: _a, ...a } = fromExample;
    const { source: _b, ...b } = defaults;
    expect(a).toEqual(b);
  });

  it('has every key of every section, set or commented out with an example', () => {
    const documented = new Set(keyPaths(parse(uncommented())));
    const keys = SECTION_NAMES.flatMap((s) => schemaKeys(SECTIONS[s]).map((k) => [s, ...k.path].join('.')));
    expect(keys.length).toBeGreaterThan(70);
    expect(keys.filter((k) => !documented.has(k))).toEqual([]);
    // and nothing the schemas do not know
    expect([...documented].filter((k) => !keys.includes(k) && k !== 'imap')).toEqual([]);
  });

  it('names every environment variable', () => {
    const missing = [...allVariableNames()].filter((n) => n !== 'REBOUND_CONFIG' && n !== 'REBOUND_REQUIRE_INTEGRATION' && !text.includes(n));
    expect(missing).toEqual([]);
  });
});
