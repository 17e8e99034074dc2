// The suppression policy, on both stores (the same plan, policy/plan.ts, written by each adapter):
// through the store port, as the API, the CLI and the processors reach it.
import { describe, it, expect, afterEach } from 'vitest';
import { at, autoReply, blocked, complaint, delayed, delivered, hard, mailboxFull } from '../helpers.js';
import { type BackendStore, backendStore, describeBackends } from '../helpers/backends.js';

let t: BackendStore | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

const port = () => t!.ctx.port;
const ingest = (raw: Buffer, meta: ReturnType<typeof at>) => port().ingest(raw, meta);
const check = (addr: string, when?: Date) => port().check(addr, when ?? t!.ctx.now());
const sendable = async (addr: string, when?: string) => (await check(addr, when ? new Date(when) : undefined)).sendable;
let n = 0;
const soft = (addr: string, when: string) => ingest(mailboxFull(addr, `s${++n}`), at(when));

describeBackends('the policy', (backend) => {
  const tempStore = (opts: Parameters<typeof backendStore>[1] = {}) => backendStore(backend, opts);

  describe('hard bounces and complaints', () => {
    it('suppresses a hard bounce at once, with the bounce that caused it', async () => {
      t = await tempStore();
      const r = await ingest(hard('gone@dest.example'), at('2024-05-06T10:00:00Z'));
      expect(r.suppressed).toEqual(['gone@dest.example']);
      const c = await check('GONE@dest.example');
      expect(c.sendable).toBe(false);
      expect(c.suppression).toMatchObject({
        type: 'hard',
        reason: 'userunknown',
        suppressed_at: '2024-05-06T10:00:00.000Z',
        first_event_at: '2024-05-06T10:00:00.000Z',
        event_count: 1,
        expires_at: null,
      });
      expect(c.suppression?.bounce_id).toBe((await port().bounces({ limit: 1 }))[0]!.id);
      // a second hard bounce is counted on the same suppression
      await ingest(hard('gone@dest.example', 'again'), at('2024-05-08T10:00:00Z'));
      expect((await check('gone@dest.example')).suppression).toMatchObject({ event_count: 2, last_event_at: '2024-05-08T10:00:00.000Z' });
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
      await ingest(complaint('reader@dest.example', type), at('2024-05-06T10:00:00Z'));
      const c = await check('reader@dest.example');
      expect(c.sendable).toBe(!suppresses);
      if (suppresses) expect(c.suppression).toMatchObject({ type: 'complaint', reason: type, expires_at: null });
    });

    it('never counts auto-replies', async () => {
      t = await tempStore();
      for (const d of ['2024-05-01', '2024-05-02', '2024-05-03', '2024-05-04']) {
        await ingest(autoReply('away@dest.example', `ar-${d}`), at(`${d}T10:00:00Z`));
      }
      expect(await sendable('away@dest.example', '2024-05-05T00:00:00Z')).toBe(true);
      expect((await check('away@dest.example')).soft).toBeNull();
    });
  });

  describe('soft bounces', () => {
    it('one soft bounce, or three on a single day, do not suppress', async () => {
      t = await tempStore();
      await soft('full@dest.example', '2024-05-01T08:00:00Z');
      expect(await sendable('full@dest.example', '2024-05-01T09:00:00Z')).toBe(true);
      await soft('full@dest.example', '2024-05-01T12:00:00Z');
      await soft('full@dest.example', '2024-05-01T18:00:00Z');
      expect(await sendable('full@dest.example', '2024-05-01T19:00:00Z')).toBe(true);
    });

    it('three on two different days within 14 days suppress, until the expiry 30 days later', async () => {
      t = await tempStore();
      await soft('full@dest.example', '2024-05-01T08:00:00Z');
      await soft('full@dest.example', '2024-05-01T20:00:00Z');
      const r = await soft('full@dest.example', '2024-05-10T08:00:00Z');
      expect(r.suppressed).toEqual(['full@dest.example']);
      const c = await check('full@dest.example', new Date('2024-05-10T09:00:00Z'));
      expect(c.suppression).toMatchObject({
        type: 'soft',
        reason: 'mailboxfull',
        first_event_at: '2024-05-01T08:00:00.000Z',
        suppressed_at: '2024-05-10T08:00:00.000Z',
        event_count: 3,
        expires_at: '2024-06-09T08:00:00.000Z',
      });
      expect(await sendable('full@dest.example', '2024-06-09T07:59:59Z')).toBe(false);
      expect(await sendable('full@dest.example', '2024-06-09T08:00:00Z')).toBe(true);
    });

    it('bounces further apart than the window do not add up', async () => {
      t = await tempStore();
      await soft('full@dest.example', '2024-05-01T08:00:00Z');
      await soft('full@dest.example', '2024-05-10T08:00:00Z');
      await soft('full@dest.example', '2024-05-16T08:00:00Z'); // 15 days after the first
      expect(await sendable('full@dest.example', '2024-05-16T09:00:00Z')).toBe(true);
      await soft('full@dest.example', '2024-05-17T08:00:00Z'); // 10th, 16th, 17th: inside 14 days
      expect(await sendable('full@dest.example', '2024-05-17T09:00:00Z')).toBe(false);
    });

    it('follows the configured thresholds', async () => {
      t = await tempStore({ policy: { soft: { minBounces: 2, minDays: 1, windowDays: 2, expiryDays: 1 } } });
      await soft('full@dest.example', '2024-05-01T08:00:00Z');
      await soft('full@dest.example', '2024-05-01T09:00:00Z');
      expect((await check('full@dest.example', new Date('2024-05-01T10:00:00Z'))).suppression?.expires_at).toBe('2024-05-02T09:00:00.000Z');
    });

    it('ignores delays and never suppresses for sender- or message-level blocks, counting them per domain', async () => {
      t = await tempStore();
      for (const d of ['2024-05-01', '2024-05-02', '2024-05-03', '2024-05-04']) {
        await ingest(blocked('someone@dest.example', `b-${d}`), at(`${d}T10:00:00Z`));
        await ingest(delayed('slow@dest.example', `d-${d}`), at(`${d}T10:00:00Z`));
      }
      expect(await sendable('someone@dest.example', '2024-05-05T00:00:00Z')).toBe(true);
      expect(await sendable('slow@dest.example', '2024-05-05T00:00:00Z')).toBe(true);
      const stats = await port().stats({});
      expect(stats.senderBlocks).toEqual([{ domain: 'dest.example', reason: 'blocked', count: 4 }]);
      expect((await check('other@dest.example', new Date('2024-05-05T00:00:00Z'))).senderBlocks).toEqual([{ reason: 'blocked', count: 4 }]);
    });

    it('a delivered report clears the soft state and lifts a soft suppression, never a hard one', async () => {
      t = await tempStore();
      await soft('full@dest.example', '2024-05-01T08:00:00Z');
      await soft('full@dest.example', '2024-05-02T08:00:00Z');
      await ingest(delivered('full@dest.example'), at('2024-05-03T08:00:00Z'));
      expect((await check('full@dest.example')).soft).toMatchObject({ events: [], total: 0, clearedAt: '2024-05-03T08:00:00.000Z' });
      await soft('full@dest.example', '2024-05-04T08:00:00Z'); // counting starts again: one
      expect(await sendable('full@dest.example', '2024-05-04T09:00:00Z')).toBe(true);
      await soft('full@dest.example', '2024-05-05T08:00:00Z');
      await soft('full@dest.example', '2024-05-05T09:00:00Z');
      expect(await sendable('full@dest.example', '2024-05-05T10:00:00Z')).toBe(false);
      await ingest(delivered('full@dest.example'), at('2024-05-06T08:00:00Z'));
      expect(await sendable('full@dest.example', '2024-05-06T09:00:00Z')).toBe(true);

      await ingest(hard('gone@dest.example'), at('2024-05-01T08:00:00Z'));
      await ingest(delivered('gone@dest.example'), at('2024-05-02T08:00:00Z'));
      expect(await sendable('gone@dest.example', '2024-05-03T00:00:00Z')).toBe(false);
    });

    it('a hard bounce makes a soft suppression permanent', async () => {
      t = await tempStore();
      await soft('x@dest.example', '2024-05-01T08:00:00Z');
      await soft('x@dest.example', '2024-05-02T08:00:00Z');
      await soft('x@dest.example', '2024-05-02T09:00:00Z');
      const r = await ingest(hard('x@dest.example'), at('2024-05-03T08:00:00Z'));
      expect(r.suppressed).toEqual(['x@dest.example']);
      expect((await check('x@dest.example')).suppression).toMatchObject({ type: 'hard', expires_at: null, event_count: 4 });
    });
  });

  describe('manual suppress and unsuppress', () => {
    it('suppresses by hand, lifts with a note, and keeps the history', async () => {
      t = await tempStore({ now0: '2024-05-06T12:00:00Z' });
      const s = await port().suppress(' Person@Dest.Example ', 'asked to stop', t!.ctx.now());
      expect(s.outcome).toBe('suppressed');
      expect((await check('person@dest.example')).suppression).toMatchObject({ type: 'manual', reason: 'asked to stop' });
      expect((await port().suppress('person@dest.example', 'again', t!.ctx.now())).outcome).toBe('already');

      t!.setNow('2024-05-07T12:00:00Z');
      expect((await port().unsuppress('person@dest.example', 'signed up again', t!.ctx.now())).lifted).toBe(1);
      expect(await sendable('person@dest.example')).toBe(true);
      expect((await port().unsuppress('person@dest.example', 'twice', t!.ctx.now())).lifted).toBe(0);

      const h = await port().history('person@dest.example', t!.ctx.now());
      expect(h.suppressions).toHaveLength(1);
      expect(h.suppressions[0]).toMatchObject({ lifted_at: '2024-05-07T12:00:00.000Z', note: 'signed up again' });
      expect(h.manual.map((m) => m.action)).toEqual(['suppress', 'suppress', 'unsuppress', 'unsuppress']);
    });

    it('unsuppress lifts a hard suppression; a new hard bounce suppresses again', async () => {
      t = await tempStore({ now0: '2024-05-02T00:00:00Z' });
      await ingest(hard('gone@dest.example'), at('2024-05-01T08:00:00Z'));
      await port().unsuppress('gone@dest.example', 'mailbox recreated', t!.ctx.now());
      expect(await sendable('gone@dest.example')).toBe(true);
      await ingest(hard('gone@dest.example', 'later'), at('2024-05-03T08:00:00Z'));
      expect(await sendable('gone@dest.example', '2024-05-03T09:00:00Z')).toBe(false);
      expect((await port().history('gone@dest.example', t!.ctx.now())).suppressions).toHaveLength(2);
    });

    it('rejects what is not an address', async () => {
      t = await tempStore();
      await expect(port().suppress('nobody', 'x', t!.ctx.now())).rejects.toThrow(/not an email address/);
    });
  });
});
