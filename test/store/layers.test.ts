// Only src/store/ speaks SQL: no other module imports better-sqlite3 or Kysely, reaches for the
// raw connection (`.sqlite`, `.db`), prepares a statement or writes SQL text. Everything else goes
// through the store's functions and its port (src/store/port.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** what speaks SQL or holds the connection */
const FORBIDDEN: Array<[string, RegExp]> = [
  ['imports better-sqlite3', /from ['"]better-sqlite3['"]/],
  ['imports kysely', /from ['"]kysely['"]/],
  ['uses the raw connection', /\.(sqlite|db)\.(prepare|pragma|exec|transaction|selectFrom|insertInto|updateTable|deleteFrom)\b/],
  ['prepares a statement', /\bstatement\(|\.prepare\(/],
  ['writes SQL', /\bsql`|['"`]\s*(select|insert into|update|delete from|pragma)\s+[\w*]/i],
];

describe('layers', () => {
  it('nothing outside src/store/ touches SQL or better-sqlite3', () => {
    const found: string[] = [];
    for (const file of sources(SRC)) {
      const rel = relative(SRC, file);
      if (rel.startsWith('store/')) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/^\s*(\/\/|\*)/.test(line)) return; // comments may name SQL
          for (const [what, re] of FORBIDDEN) if (re.test(line)) found.push(`${rel}:${i + 1} ${what}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('the check finds what it looks for', () => {
    // the patterns match the shapes they forbid (a test that cannot fail is a defect)
    const hits = (line: string) => FORBIDDEN.filter(([, re]) => re.test(line)).map(([w]) => w);
    expect(hits("import SQLite from 'better-sqlite3';")).toEqual(['imports better-sqlite3']);
    expect(hits("import { sql } from 'kysely';")).toEqual(['imports kysely']);
    expect(hits("store.sqlite.pragma('wal_autocheckpoint = 0');")).toContain('uses the raw connection');
    expect(hits("statement(ctx.store, 'select 1').get();")).toEqual(['prepares a statement', 'writes SQL']);
    expect(hits('const q = sql`delete from x`;')).toEqual(['writes SQL']);
    expect(hits("const text = 'the selected messages';")).toEqual([]);
  });
});
