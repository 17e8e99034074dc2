import { describe, it, expect, afterEach } from 'vitest';
import { ingest } from '../../src/pipeline/ingest.js';
import { computeStats, formatStats, parseDimensions } from '../../src/stats/stats.js';
import { providerOf } from '../../src/stats/providers.js';
import { at, blocked, dsn, hard, tempStore, type TempStore } from '../helpers.js';

let t: TempStore;
afterEach(async () => t?.cleanup());

const tempfail = (rcpt: string, id: string, mx: string) =>
  dsn(rcpt, { id, status: '4.7.0', remoteMta: mx, diagnostic: '421 4.7.0 Try again later, closing connection' });

describe('providerOf', () => {
  it('names the provider from the remote MTA, else the recipient domain', () => {
    expect(providerOf('dns; gmail-smtp-in.l.google.com', 'example.com')).toBe('google');
    expect(providerOf('example-com.mail.protection.outlook.com [192.0.2.1]', null)).toBe('microsoft');
    expect(providerOf(null, 'yahoo.co.jp')).toBe('yahoo');
    expect(providerOf('mx.example.net', 'example.net')).toBe('other');
  });
});

describe('computeStats', () => {
  it('totals, crossed breakdowns and days, in a fixed order', async () => {
    t = await tempStore({ now0: '2024-05-03T00:00:00Z' });
    ingest(t.ctx, tempfail('a@gmail.com', '1', 'gmail-smtp-in.l.google.com'), at('2024-05-01T08:00:00Z'));
    ingest(t.ctx, tempfail('b@gmail.com', '2', 'gmail-smtp-in.l.google.com'), at('2024-05-01T09:00:00Z'));
    ingest(t.ctx, tempfail('c@gmail.com', '3', 'gmail-smtp-in.l.google.com'), at('2024-05-02T09:00:00Z'));
    ingest(t.ctx, hard('d@example.net'), at('2024-05-02T10:00:00Z'));
    const s = computeStats(t.ctx, { by: parseDimensions(['provider+code', 'day']) });
    expect(s).toMatchObject({ messages: 4, bounces: 4, suppressions: 1, messagesByStatus: { parsed: 4 }, suppressionsByType: { hard: 1 } });
    expect(s.breakdowns).toEqual([
      { by: ['provider', 'code'], rows: [{ provider: 'google', code: '421', count: 3 }, { provider: 'other', code: '550', count: 1 }] },
      { by: ['day'], rows: [{ day: '2024-05-01', count: 2 }, { day: '2024-05-02', count: 2 }] },
    ]);
    const since = computeStats(t.ctx, { since: new Date('2024-05-02T00:00:00Z'), by: [['code']] });
    expect(since).toMatchObject({ messages: 2, bounces: 2, suppressions: 1 });
    expect(since.breakdowns[0]!.rows).toEqual([{ code: '421', count: 1 }, { code: '550', count: 1 }]);
  });

  it('rejects an unknown dimension', () => {
    expect(() => parseDimensions(['kind,colour'])).toThrow(/unknown --by colour/);
  });

  it('the text names how many sender-side blocks it leaves out', async () => {
    t = await tempStore({ now0: '2024-05-03T00:00:00Z' });
    for (let i = 0; i < 23; i++) ingest(t.ctx, blocked(`a@d${String(i).padStart(2, '0')}.example`), at('2024-05-01T08:00:00Z'));
    const s = computeStats(t.ctx);
    expect(s.senderBlocks).toHaveLength(23);
    const lines = formatStats(s).trimEnd().split('\n');
    const from = lines.indexOf('sender-side blocks by destination domain (never suppress the recipient)');
    expect(lines.slice(from + 1)).toHaveLength(21);
    expect(lines.at(-2)).toBe('  d19.example  blocked  1');
    expect(lines.at(-1)).toBe('  … 3 more (--json lists them all)');
  });
});
