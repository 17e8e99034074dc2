// SendGrid batches posted at once, sharing events, over HTTP on a real SQLite store: each event
// counts once, and each answer tells its own new events and duplicates.
import { describe, it, expect, afterEach, vi } from 'vitest';
import { type EventsApi, rows, sendgridKeys, startEventsApi } from '../helpers/events.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let api: EventsApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe('SendGrid batches posted at once', () => {
  it('count each event once, and each answer tells its own new and duplicates', async () => {
    const keys = sendgridKeys();
    api = await startEventsApi({ sendgrid: { publicKey: keys.publicKey } });
    const ev = (i: number) => ({ email: `u${i}@conc.example`, timestamp: 1714996000, event: 'bounce', type: 'bounce', status: '5.1.1', reason: '550 5.1.1 user unknown', sg_event_id: `c${i}` });
    // five batches of ten events, each sharing five events with the next
    const bodies = Array.from({ length: 5 }, (_, b) => JSON.stringify(Array.from({ length: 10 }, (_, j) => ev(b * 5 + j))));
    const answers = await Promise.all(bodies.map((body) => api!.post('sendgrid', body, keys.headers(body, api!.now()))));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const total = answers.reduce((n, a) => n + a.json.new, 0);
    expect(total).toBe(30);
    expect(answers.reduce((n, a) => n + a.json.duplicates, 0)).toBe(20);
    expect(rows(api.t, 'select count(*) as n from messages')[0].n).toBe(30);
    expect(rows(api.t, 'select count(*) as n from bounces')[0].n).toBe(30);
    expect(rows(api.t, "select count(*) as n from suppressions where lifted_at is null")[0].n).toBe(30);
  });
});
