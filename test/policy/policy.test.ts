import { describe, it, expect, afterEach } from 'vitest';
import { ingest } from '../../src/pipeline/ingest.js';
import { checkAddress, addressHistory } from '../../src/policy/check.js';
import { suppressAddress, unsuppressAddress } from '../../src/policy/manual.js';
import { computeStats } from '../../src/stats/stats.js';
import { at, autoReply, blocked, complaint, delayed, delivered, hard, mailboxFull, tempStore, type TempStore } from '../helpers.js';

let t: TempStore;
afterEach(async () => t?.cleanup());

const sendable = (addr: string, when?: string) => checkAddress(t.ctx, addr, when ? new Date(when) : undefined).sendable;
let n = 0;
const soft = (addr: string, when: string) => ingest(t.ctx, mailboxFull(addr, `s${++n}`), at(when));

describe('hard bounces and complaints', () => {
  it('suppresses a hard bounce at once, with the bounce that caused it', async () => {
    t = await tempStore();
    const r = ingest(t.ctx, hard('gone@dest.example'), at('2024-05-06T10:00:00Z'));
    expect(r.suppressed).toEqual(['gone@dest.example']);
    const c = checkAddress(t.ctx, 'GONE@dest.example');
    expect(c.sendable).toBe(false);
    expect(c.suppression).toMatchObject({
      type: 'hard',
      reason: 'userunknown',
      suppressed_at: '2024-05-06T10:00:00.000Z',
      first_event_at: '2024-05-06T10:00:00.000Z',
      event_count: 1,
      expires_at: null,
    });
    expect(c.suppression?.bounce_id).toBe((t.store.sqlite.prepare('select id from bounces').get() as { id: number }).id);
    // a second hard bounce is counted on the same suppression
    ingest(t.ctx, hard('gone@dest.example', 'again'), at('2024-05-08T10:00:00Z'));
    expect(checkAddress(t.ctx, 'gone@dest.example').suppression).toMatchObject({ event_count: 2, last_event_at: '2024-05-08T10:00:00.000Z' });
  });

  it.each([
    ['abuse', true],
    ['fraud', true],
    ['virus', true],
    ['not-spam', false],
    ['auth-failure', false],
    ['other', false],
  ])('complaint with Feedback-Type %s suppresses: %s', async (type, suppresses) => {
    t = await tempStore();
    ingest(t.ctx, complaint('reader@dest.example', type), at('2024-05-06T10:00:00Z'));
    const c = checkAddress(t.ctx, 'reader@dest.example');
    expect(c.sendable).toBe(!suppresses);
    if (suppresses) expect(c.suppression).toMatchObject({ type: 'complaint', reason: type, expires_at: null });
  });

  it('never counts auto-replies', async () => {
    t = await tempStore();
    for (const d of ['2024-05-01', '2024-05-02', '2024-05-03', '2024-05-04']) {
      ingest(t.ctx, autoReply('away@dest.example', `ar-${d}`), at(`${d}T10:00:00Z`));
    }
    expect(sendable('away@dest.example', '2024-05-05T00:00:00Z')).toBe(true);
    expect(checkAddress(t.ctx, 'away@dest.example').soft).toBeNull();
  });
});

describe('soft bounces', () => {
  it('one soft bounce, or three on a single day, do not suppress', async () => {
    t = await tempStore();
    soft('full@dest.example', '2024-05-01T08:00:00Z');
    expect(sendable('full@dest.example', '2024-05-01T09:00:00Z')).toBe(true);
    soft('full@dest.example', '2024-05-01T12:00:00Z');
    soft('full@dest.example', '2024-05-01T18:00:00Z');
    expect(sendable('full@dest.example', '2024-05-01T19:00:00Z')).toBe(true);
  });

  it('three on two different days within 14 days suppress, until the expiry 30 days later', async () => {
    t = await tempStore();
    soft('full@dest.example', '2024-05-01T08:00:00Z');
    soft('full@dest.example', '2024-05-01T20:00:00Z');
    const r = soft('full@dest.example', '2024-05-10T08:00:00Z');
    expect(r.suppressed).toEqual(['full@dest.example']);
    const c = checkAddress(t.ctx, 'full@dest.example', new Date('2024-05-10T09:00:00Z'));
    expect(c.suppression).toMatchObject({
      type: 'soft',
      reason: 'mailboxfull',
      first_event_at: '2024-05-01T08:00:00.000Z',
      suppressed_at: '2024-05-10T08:00:00.000Z',
      event_count: 3,
      expires_at: '2024-06-09T08:00:00.000Z',
    });
    expect(sendable('full@dest.example', '2024-06-09T07:59:59Z')).toBe(false);
    expect(sendable('full@dest.example', '2024-06-09T08:00:00Z')).toBe(true);
  });

  it('bounces further apart than the window do not add up', async () => {
    t = await tempStore();
    soft('full@dest.example', '2024-05-01T08:00:00Z');
    soft('full@dest.example', '2024-05-10T08:00:00Z');
    soft('full@dest.example', '2024-05-16T08:00:00Z'); // 15 days after the first
    expect(sendable('full@dest.example', '2024-05-16T09:00:00Z')).toBe(true);
    soft('full@dest.example', '2024-05-17T08:00:00Z'); // 10th, 16th, 17th: inside 14 days
    expect(sendable('full@dest.example', '2024-05-17T09:00:00Z')).toBe(false);
  });

  it('follows the configured thresholds', async () => {
    t = await tempStore({ policy: { soft: { minBounces: 2, minDays: 1, windowDays: 2, expiryDays: 1 } } });
    soft('full@dest.example', '2024-05-01T08:00:00Z');
    soft('full@dest.example', '2024-05-01T09:00:00Z');
    expect(checkAddress(t.ctx, 'full@dest.example', new Date('2024-05-01T10:00:00Z')).suppression?.expires_at).toBe('2024-05-02T09:00:00.000Z');
  });

  it('ignores delays and never suppresses for sender- or message-level blocks, counting them per domain', async () => {
    t = await tempStore();
    for (const d of ['2024-05-01', '2024-05-02', '2024-05-03', '2024-05-04']) {
      ingest(t.ctx, blocked('someone@dest.example', `b-${d}`), at(`${d}T10:00:00Z`));
      ingest(t.ctx, delayed('slow@dest.example', `d-${d}`), at(`${d}T10:00:00Z`));
    }
    expect(sendable('someone@dest.example', '2024-05-05T00:00:00Z')).toBe(true);
    expect(sendable('slow@dest.example', '2024-05-05T00:00:00Z')).toBe(true);
    const stats = computeStats(t.ctx);
    expect(stats.senderBlocks).toEqual([{ domain: 'dest.example', reason: 'blocked', count: 4 }]);
    expect(checkAddress(t.ctx, 'other@dest.example', new Date('2024-05-05T00:00:00Z')).senderBlocks).toEqual([{ reason: 'blocked', count: 4 }]);
  });

  it('a delivered report clears the soft state and lifts a soft suppression, never a hard one', async () => {
    t = await tempStore();
    soft('full@dest.example', '2024-05-01T08:00:00Z');
    soft('full@dest.example', '2024-05-02T08:00:00Z');
    ingest(t.ctx, delivered('full@dest.example'), at('2024-05-03T08:00:00Z'));
    expect(checkAddress(t.ctx, 'full@dest.example').soft).toMatchObject({ events: [], total: 0, clearedAt: '2024-05-03T08:00:00.000Z' });
    soft('full@dest.example', '2024-05-04T08:00:00Z'); // counting starts again: one
    expect(sendable('full@dest.example', '2024-05-04T09:00:00Z')).toBe(true);
    soft('full@dest.example', '2024-05-05T08:00:00Z');
    soft('full@dest.example', '2024-05-05T09:00:00Z');
    expect(sendable('full@dest.example', '2024-05-05T10:00:00Z')).toBe(false);
    ingest(t.ctx, delivered('full@dest.example'), at('2024-05-06T08:00:00Z'));
    expect(sendable('full@dest.example', '2024-05-06T09:00:00Z')).toBe(true);

    ingest(t.ctx, hard('gone@dest.example'), at('2024-05-01T08:00:00Z'));
    ingest(t.ctx, delivered('gone@dest.example'), at('2024-05-02T08:00:00Z'));
    expect(sendable('gone@dest.example', '2024-05-03T00:00:00Z')).toBe(false);
  });

  it('a hard bounce makes a soft suppression permanent', async () => {
    t = await tempStore();
    soft('x@dest.example', '2024-05-01T08:00:00Z');
    soft('x@dest.example', '2024-05-02T08:00:00Z');
    soft('x@dest.example', '2024-05-02T09:00:00Z');
    const r = ingest(t.ctx, hard('x@dest.example'), at('2024-05-03T08:00:00Z'));
    expect(r.suppressed).toEqual(['x@dest.example']);
    expect(checkAddress(t.ctx, 'x@dest.example').suppression).toMatchObject({ type: 'hard', expires_at: null, event_count: 4 });
  });
});

describe('manual suppress and unsuppress', () => {
  it('suppresses by hand, lifts with a note, and keeps the history', async () => {
    t = await tempStore({ now0: '2024-05-06T12:00:00Z' });
    const s = suppressAddress(t.ctx, ' Person@Dest.Example ', 'asked to stop');
    expect(s.outcome).toBe('suppressed');
    expect(checkAddress(t.ctx, 'person@dest.example').suppression).toMatchObject({ type: 'manual', reason: 'asked to stop' });
    expect(suppressAddress(t.ctx, 'person@dest.example', 'again').outcome).toBe('already');

    t.setNow('2024-05-07T12:00:00Z');
    expect(unsuppressAddress(t.ctx, 'person@dest.example', 'signed up again').lifted).toBe(1);
    expect(sendable('person@dest.example')).toBe(true);
    expect(unsuppressAddress(t.ctx, 'person@dest.example', 'twice').lifted).toBe(0);

    const h = addressHistory(t.ctx, 'person@dest.example');
    expect(h.suppressions).toHaveLength(1);
    expect(h.suppressions[0]).toMatchObject({ lifted_at: '2024-05-07T12:00:00.000Z', note: 'signed up again' });
    expect(h.manual.map((m) => m.action)).toEqual(['suppress', 'suppress', 'unsuppress', 'unsuppress']);
  });

  it('unsuppress lifts a hard suppression; a new hard bounce suppresses again', async () => {
    t = await tempStore({ now0: '2024-05-02T00:00:00Z' });
    ingest(t.ctx, hard('gone@dest.example'), at('2024-05-01T08:00:00Z'));
    unsuppressAddress(t.ctx, 'gone@dest.example', 'mailbox recreated');
    expect(sendable('gone@dest.example')).toBe(true);
    ingest(t.ctx, hard('gone@dest.example', 'later'), at('2024-05-03T08:00:00Z'));
    expect(sendable('gone@dest.example', '2024-05-03T09:00:00Z')).toBe(false);
    expect(addressHistory(t.ctx, 'gone@dest.example').suppressions).toHaveLength(2);
  });

  it('rejects what is not an address', async () => {
    t = await tempStore();
    expect(() => suppressAddress(t.ctx, 'nobody', 'x')).toThrow(/not an email address/);
  });
});
