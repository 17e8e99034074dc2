// Migration 0006: stored reasons move to Sisimai 5.6's names (a manual suppression's own words are
// left alone), and records gain the rule that decided them.
import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseBefore } from './database-before.js';
import { openStore } from '../../src/store/open.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('migration 0006', () => {
  it('rewrites the older reason names and adds the rule column', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rebound-0006-'));
    const path = join(dir, 'old.db');
    // a database as the release before wrote it: every migration but 0006
    const { sqlite, close } = await databaseBefore(path, '0006');
    sqlite.exec(`
      insert into messages (id, sha256, source, received_at, spooled_at, size, status) values (1, 'x', 'file', '2024-05-01T00:00:00Z', '2024-05-01T00:00:00Z', 1, 'parsed');
      insert into bounces (id, message_id, recipient, recipient_reported, domain, kind, reason, event_at, from_return_path) values
        (1, 1, 'a@x.example', 'a@x.example', 'x.example', 'bounce', 'speeding', '2024-05-01T00:00:00Z', 0),
        (2, 1, 'b@x.example', 'b@x.example', 'x.example', 'bounce', 'exceedlimit', '2024-05-01T00:00:00Z', 0),
        (3, 1, 'c@x.example', 'c@x.example', 'x.example', 'bounce', 'userunknown', '2024-05-01T00:00:00Z', 0);
      insert into suppressions (address, domain, type, reason, suppressed_at, first_event_at, last_event_at, event_count, bounce_id) values
        ('b@x.example', 'x.example', 'soft', 'exceedlimit', '2024-05-01T00:00:00Z', '2024-05-01T00:00:00Z', '2024-05-01T00:00:00Z', 3, 2),
        ('d@x.example', 'x.example', 'manual', 'mesgtoobig', '2024-05-01T00:00:00Z', '2024-05-01T00:00:00Z', '2024-05-01T00:00:00Z', 0, null);
      insert into soft_state (address, events, total, last_reason) values ('a@x.example', '[]', 1, 'toomanyconn');
    `);
    await close();

    const store = await openStore(path);
    try {
      const rows = store.sqlite.prepare('select recipient, reason, rule from bounces order by id').all();
      expect(rows).toEqual([
        { recipient: 'a@x.example', reason: 'ratelimited', rule: null },
        { recipient: 'b@x.example', reason: 'emailtoolarge', rule: null },
        { recipient: 'c@x.example', reason: 'userunknown', rule: null },
      ]);
      expect(store.sqlite.prepare('select address, reason from suppressions order by address').all()).toEqual([
        { address: 'b@x.example', reason: 'emailtoolarge' },
        // a person's own words
        { address: 'd@x.example', reason: 'mesgtoobig' },
      ]);
      expect(store.sqlite.prepare('select last_reason from soft_state').get()).toEqual({ last_reason: 'ratelimited' });
    } finally {
      await store.close();
    }
  });
});
