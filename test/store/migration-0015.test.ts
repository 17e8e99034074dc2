// Migration 0015: the messages indexes hold only the rows their queries look for (pending messages;
// messages with an event key), and the queries still read them. The connection keeps its temporary
// files (the savepoints' sub-journal) in memory.
import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import { databaseBefore } from './database-before.js';
import SQLite from 'better-sqlite3';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { openStore, type Store } from '../../src/store/open.js';
import { findMessageByEventKey, pendingInputs, pendingMessageIds } from '../../src/store/messages.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const row = (id: number, status: string, eventKey: string | null) =>
  `insert into messages (id, sha256, source, received_at, spooled_at, size, status, event_key) values (${id}, 'sha${id}', 'file', '2024-05-01T00:00:00Z', '2024-05-01T00:00:00Z', 1, '${status}', ${eventKey ? `'${eventKey}'` : 'null'});` +
  `insert into message_raw (message_id, raw) values (${id}, x'41');`;

const plan = (store: Store, sql: string, ...params: unknown[]) =>
  (store.sqlite.prepare(`explain query plan ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('; ');

const indexes = (sqlite: SQLite.Database) =>
  (sqlite.prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = 'messages' and sql is not null order by name").all() as Array<{ name: string; sql: string }>).map(
    (r) => r.name,
  );

describe('migration 0015', () => {
  it('indexes only pending messages and keyed events, and the pending and event-key lookups read those indexes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rebound-0015-'));
    const path = join(dir, 'old.db');
    // a database as the release before wrote it, with messages in every state
    const { sqlite, close } = await databaseBefore(path, '0015');
    expect(indexes(sqlite)).toEqual(['messages_event_key', 'messages_status']);
    sqlite.exec(row(1, 'parsed', null) + row(2, 'pending', null) + row(3, 'failed', 'ses:1') + row(4, 'pending', 'ses:2') + row(5, 'parsed', null));
    await close();

    const store = await openStore(path);
    try {
      expect(indexes(store.sqlite)).toEqual(['messages_event_key', 'messages_pending']);
      expect(pendingMessageIds(store, 10)).toEqual([2, 4]);
      expect(pendingInputs(store, 2, 10).map((m) => m.id)).toEqual([4]);
      expect(findMessageByEventKey(store, 'ses:1')?.id).toBe(3);
      expect(findMessageByEventKey(store, 'ses:3')).toBeUndefined();
      expect(plan(store, "select id from messages where status = ? and id > ? order by id limit 10", 'pending', 0)).toContain('USING COVERING INDEX messages_pending');
      expect(plan(store, "select count(*) from messages where status = 'pending'")).toContain('messages_pending');
      expect(plan(store, 'select id from messages where event_key = ?', 'ses:1')).toContain('INDEX messages_event_key (event_key=?)');
      // a message leaves the pending index as it is processed
      store.sqlite.exec("update messages set status = 'parsed' where id = 2");
      expect(pendingMessageIds(store, 10)).toEqual([4]);
      // event keys stay unique; messages without one are many
      expect(() => store.sqlite.exec(row(6, 'parsed', 'ses:1'))).toThrow(/UNIQUE constraint failed: messages.event_key/);
      store.sqlite.exec(row(7, 'parsed', null) + row(8, 'parsed', null));
      expect(store.sqlite.pragma('temp_store', { simple: true })).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('goes down to the indexes it replaced', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rebound-0015-'));
    const store = await openStore(join(dir, 'new.db'));
    try {
      const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: store.sqlite }) });
      await MIGRATIONS['0015-partial-message-indexes']!.down!(db);
      expect(indexes(store.sqlite)).toEqual(['messages_event_key', 'messages_status']);
      expect(plan(store, 'select id from messages where event_key = ?', 'x')).toContain('messages_event_key');
    } finally {
      await store.close();
    }
  });
});
