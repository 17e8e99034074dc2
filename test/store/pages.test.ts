// Keyset pages of the active suppressions: every row once, in address order, each page found by an
// index search from where the last one ended (not a scan from the start: a million rows would make
// an export quadratic).
import { describe, it, expect, afterEach } from 'vitest';
import { activeSuppressionsPage, insertSuppression, pageQuery, type PagePosition } from '../../src/store/suppressions.js';
import { transaction } from '../../src/store/sync.js';
import { tempStore, type TempStore } from '../helpers.js';

let t: TempStore;
afterEach(async () => t?.cleanup());

describe('activeSuppressionsPage', () => {
  it('gives every active row once, in order, and seeks the index for each page', async () => {
    t = await tempStore();
    const at = '2024-05-01T08:00:00.000Z';
    transaction(t.store, () => {
      for (let i = 0; i < 2500; i++) {
        insertSuppression(t.store, {
          address: `u${(i * 7919) % 2500}@d${i % 7}.example`, domain: `d${i % 7}.example`, type: i % 3 ? 'hard' : 'complaint', reason: 'x',
          suppressed_at: at, first_event_at: at, last_event_at: at, event_count: 1, bounce_id: null, expires_at: null,
          lifted_at: i % 10 === 0 ? at : null, note: null,
        });
      }
    });
    const seen: string[] = [];
    let after: PagePosition | null = null;
    for (;;) {
      const rows = activeSuppressionsPage(t.store, { at: '2024-06-01T00:00:00Z' }, after, 1000);
      seen.push(...rows.map((r) => r.address));
      if (rows.length < 1000) break;
      after = { address: rows[rows.length - 1]!.address, id: rows[rows.length - 1]!.id };
    }
    expect(seen).toHaveLength(2250);
    expect(new Set(seen).size).toBe(2250);
    expect(seen).toEqual([...seen].sort());

    const q = pageQuery(t.store, { at: '2024-06-01T00:00:00Z', types: ['hard'] }, { address: 'u5@d1.example', id: 10 }, 1000).compile();
    const plan = (t.store.sqlite.prepare(`explain query plan ${q.sql}`).all(...q.parameters) as Array<{ detail: string }>).map((r) => r.detail);
    expect(plan.join('; ')).toMatch(/SEARCH suppressions USING INDEX suppressions_address \(address>\?\)/);
  });
});
