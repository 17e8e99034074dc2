import { describe, it, expect, afterEach } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeAddress } from '../../src/address.js';
import { openStore } from '../../src/store/open.js';
import { pipelineContext } from '../../src/pipeline/context.js';
import { PARSER_VERSION } from '../../src/parse/version.js';
import { ingest, processPending, spoolRaw } from '../../src/pipeline/ingest.js';
import { computeStats } from '../../src/stats/stats.js';
import { checkAddress } from '../../src/policy/check.js';
import { at, dsn, hard, tempStore, type TempStore } from '../helpers.js';

let t: TempStore;
afterEach(async () => t?.cleanup());

const count = (t: TempStore, table: string) =>
  (t.store.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

describe('openStore', () => {
  it('creates the file and its directory, in WAL mode with foreign keys on, and migrates', async () => {
    t = await tempStore();
    const path = join(t.dir, 'sub', 'dir', 'r.db');
    const s = await openStore(path);
    expect(existsSync(path)).toBe(true);
    expect(s.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(s.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL by default
    const names = (s.sqlite.prepare('select name from kysely_migration').all() as Array<{ name: string }>).map((r) => r.name);
    expect(names).toEqual(['0001-initial', '0002-imap-state', '0003-webhook-outbox', '0004-message-origin', '0006-reason-names-and-rule', '0008-provider-events', '0009-dashboard', '0011-coordination', '0012-event-tokens', '0013-suppression-rollup', '0014-rollups-at-commit', '0015-partial-message-indexes']);
    await s.close();
    // opening again applies nothing new and keeps the data
    const again = await openStore(path, { synchronous: 'NORMAL' });
    expect(again.sqlite.pragma('synchronous', { simple: true })).toBe(1);
    await again.close();
  });
});

describe('normalizeAddress', () => {
  it('trims, lower-cases and matches IDN domains in either form', () => {
    expect(normalizeAddress('  <User@Example.COM> ')?.address).toBe('user@example.com');
    const u = normalizeAddress('Jörg@Bücher.Example');
    const a = normalizeAddress('jörg@xn--bcher-kva.example');
    expect(u?.address).toBe('jörg@xn--bcher-kva.example');
    expect(a?.address).toBe(u?.address);
    expect(u?.unicode).toBe('jörg@bücher.example');
    expect(normalizeAddress('not an address')).toBeNull();
    expect(normalizeAddress('@example.com')).toBeNull();
  });
});

describe('ingest', () => {
  it('stores the raw message with its metadata and one record per recipient', async () => {
    t = await tempStore();
    const raw = hard('Gone@Dest.Example');
    const r = ingest(t.ctx, raw, {
      source: 'smtp',
      sourceRef: 'session-1',
      envelopeFrom: '',
      envelopeTo: ['bounces+x@sender.example'],
      receivedAt: '2024-05-06T10:00:00Z',
    });
    expect(r).toMatchObject({ duplicate: false, status: 'parsed', kind: 'bounce', records: 1, suppressed: ['gone@dest.example'] });
    const m = t.store.sqlite.prepare('select * from messages').get() as Record<string, unknown>;
    expect(m).toMatchObject({ source: 'smtp', source_ref: 'session-1', size: raw.length, status: 'parsed', parser_version: `${PARSER_VERSION}+${t.store.classifier.fingerprint}` });
    expect(m.envelope_to).toBe('["bounces+x@sender.example"]');
    expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
    const stored = t.store.sqlite.prepare('select raw from message_raw').get() as { raw: Buffer };
    expect(Buffer.compare(stored.raw, raw)).toBe(0);
    const b = t.store.sqlite.prepare('select * from bounces').get() as Record<string, unknown>;
    expect(b).toMatchObject({
      recipient: 'gone@dest.example',
      recipient_reported: 'Gone@Dest.Example',
      domain: 'dest.example',
      kind: 'bounce',
      action: 'failed',
      status: '5.1.1',
      smtp_code: 550,
      type: 'hard',
      reason: 'userunknown',
      remote_mta: 'mx.dest.example',
      reporting_mta: 'mx.sender.example',
      event_at: '2024-05-06T10:00:00.000Z',
      rule: 'builtin:userunknown#status-1.1',
    });
    expect(String(b.original_message_id)).toContain('orig-');
  });

  it('is idempotent: the same bytes again change nothing, stats stay byte-identical', async () => {
    t = await tempStore();
    const msgs = [hard('a@dest.example'), hard('b@dest.example'), dsn('c@dest.example', { status: '4.2.2', diagnostic: '452 4.2.2 Mailbox full' })];
    for (const m of msgs) ingest(t.ctx, m, at('2024-05-06T10:00:00Z'));
    const before = JSON.stringify(computeStats(t.ctx, { by: [['kind'], ['reason'], ['provider', 'code'], ['day']] }));
    const rows = () => [count(t, 'messages'), count(t, 'bounces'), count(t, 'suppressions'), count(t, 'soft_state')];
    const counts = rows();
    const suppression = t.store.sqlite.prepare('select * from suppressions order by id').all();
    for (const m of msgs) {
      const r = ingest(t.ctx, m, at('2024-05-07T10:00:00Z'));
      expect(r.duplicate).toBe(true);
      expect(r.records).toBe(0);
    }
    expect(rows()).toEqual(counts);
    expect(t.store.sqlite.prepare('select * from suppressions order by id').all()).toEqual(suppression);
    expect(JSON.stringify(computeStats(t.ctx, { by: [['kind'], ['reason'], ['provider', 'code'], ['day']] }))).toBe(before);
  });

  it('counts a (message, recipient) pair once even when the report lists it twice', async () => {
    t = await tempStore();
    const twice = Buffer.from(
      hard('x@dest.example')
        .toString()
        .replace('Final-Recipient: rfc822; x@dest.example', 'Final-Recipient: rfc822; x@dest.example')
        .replace(/(Diagnostic-Code: [^\r]*\r\n)/, '$1\r\nFinal-Recipient: rfc822; X@DEST.example\r\nAction: failed\r\nStatus: 5.1.1\r\n'),
    );
    const r = ingest(t.ctx, twice, at('2024-05-06T10:00:00Z'));
    expect(r.records).toBe(1);
    expect(count(t, 'bounces')).toBe(1);
    expect((t.store.sqlite.prepare('select event_count from suppressions').get() as { event_count: number }).event_count).toBe(1);
  });

  it('keeps and marks a message the parser cannot read, and counts it', async () => {
    t = await tempStore();
    const r = ingest(t.ctx, Buffer.from('\u0000\u0001 this is not an email at all \u00ff'), at('2024-05-06T10:00:00Z'));
    expect(r).toMatchObject({ duplicate: false, status: 'failed', records: 0 });
    expect(r.problems.length).toBeGreaterThan(0);
    expect(count(t, 'message_raw')).toBe(1);
    expect(computeStats(t.ctx).messagesByStatus).toEqual({ failed: 1 });
  });

  it('uses the VERP return-path recipient when the report names nobody', async () => {
    t = await tempStore();
    const vague = Buffer.from('From: postmaster@dest.example\r\nSubject: Undeliverable\r\n\r\nYour message could not be delivered.\r\n');
    const r = ingest(t.ctx, vague, { ...at('2024-05-06T10:00:00Z'), returnPathRecipient: 'Someone@Dest.Example' });
    expect(r.records).toBe(1);
    const b = t.store.sqlite.prepare('select recipient, from_return_path, reason from bounces').get();
    expect(b).toEqual({ recipient: 'someone@dest.example', from_return_path: 1, reason: 'undefined' });
    // an unknown reason never suppresses
    expect(checkAddress(t.ctx, 'someone@dest.example').sendable).toBe(true);
  });
});

describe('spoolRaw + processPending', () => {
  it('commits the raw message first, processes it later, once', async () => {
    t = await tempStore();
    const raw = hard('late@dest.example');
    const s = spoolRaw(t.ctx, raw, { source: 'smtp', sourceRef: 's1', receivedAt: '2024-05-06T10:00:00Z' });
    expect(s).toMatchObject({ duplicate: false, status: 'pending' });
    expect(spoolRaw(t.ctx, raw, { source: 'smtp' })).toMatchObject({ duplicate: true, status: 'pending', messageId: s.messageId });
    expect(count(t, 'bounces')).toBe(0);
    expect(checkAddress(t.ctx, 'late@dest.example').sendable).toBe(true);

    const done = processPending(t.ctx);
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ messageId: s.messageId, status: 'parsed', records: 1, suppressed: ['late@dest.example'] });
    expect(processPending(t.ctx)).toEqual([]);
    expect(count(t, 'bounces')).toBe(1);
    expect(checkAddress(t.ctx, 'late@dest.example').sendable).toBe(false);
    // ingesting the same bytes now is a duplicate
    expect(ingest(t.ctx, raw, { source: 'file' }).duplicate).toBe(true);
  });

  it('ingest of bytes already spooled but still pending processes them', async () => {
    t = await tempStore();
    const raw = hard('spooled@dest.example');
    const s = spoolRaw(t.ctx, raw, { source: 'smtp', receivedAt: '2024-05-06T10:00:00Z' });
    const r = ingest(t.ctx, raw, { source: 'file' });
    expect(r).toMatchObject({ messageId: s.messageId, duplicate: true, status: 'parsed', records: 1, suppressed: ['spooled@dest.example'] });
    expect(processPending(t.ctx)).toEqual([]);
    expect(count(t, 'messages')).toBe(1);
  });

  it('processes what a previous process left pending when the store is opened again', async () => {
    t = await tempStore();
    const path = t.store.path;
    spoolRaw(t.ctx, hard('a@dest.example'), { source: 'smtp' });
    spoolRaw(t.ctx, hard('b@dest.example'), { source: 'smtp' });
    await t.store.close();
    const reopened = await openStore(path);
    try {
      expect(processPending(pipelineContext(reopened), 1)).toHaveLength(1);
      expect(processPending(pipelineContext(reopened))).toHaveLength(1);
      expect((reopened.sqlite.prepare("select count(*) as n from messages where status = 'pending'").get() as { n: number }).n).toBe(0);
    } finally {
      await reopened.close();
      t.store = await openStore(path); // for cleanup
    }
  });
});
