// What a dead endpoint costs (docs/http.md): the requests in flight when it first fails, then one
// request per pause, never a burst of `concurrency` at each pause's end. A real local HTTP server
// that refuses every event (503), and a port nobody listens on; on SQLite and on PostgreSQL.
import { afterEach, expect, it, vi } from 'vitest';
import { parseWebhookSettings } from '../../src/config/webhooks.js';
import { startWebhooks, type Webhooks } from '../../src/webhooks/drain.js';
import type { Backend } from '../../src/store/port.js';
import { at, hard } from '../helpers.js';
import { type BackendStore, backendStore, describeBackends } from '../helpers/backends.js';
import { capturingLogger, startReceiver, type Receiver } from '../http/helpers.js';

vi.setConfig({ testTimeout: 30_000 });

let t: BackendStore | undefined;
let hooks: Webhooks | undefined;
let rcv: Receiver | undefined;
afterEach(async () => {
  await hooks?.stop();
  await rcv?.close();
  await t?.cleanup();
  hooks = rcv = t = undefined;
});

const CONCURRENCY = 4;
const PAUSE = { initialMs: 400, maxMs: 400 }; // each pause 200–400 ms (jitter)
const WATCH_MS = 2_500;

/** Ten events queued for `url` before the drain starts, then the drain left to run WATCH_MS. */
async function drainTen(backend: Backend, url: string): Promise<void> {
  const settings = parseWebhookSettings({ urls: [url], secret: 'whsec-0123456789abcdef', pollIntervalMs: 20, timeoutMs: 1_000, concurrency: CONCURRENCY, backoff: PAUSE });
  // events made now: the drain runs on the real clock (pauses must end)
  t = await backendStore(backend, { now0: new Date().toISOString(), wiring: { webhook: settings } });
  for (let i = 0; i < 10; i++) await t.ctx.port.ingest(hard(`u${i}@dest.example`), at('2024-05-06T11:00:00Z'));
  hooks = startWebhooks(t.ctx, settings, { logger: capturingLogger().logger, now: () => new Date() });
  await new Promise((r) => setTimeout(r, WATCH_MS));
  await hooks.stop();
}

describeBackends('a dead webhook endpoint', (backend) => {
  it('refusing (503): a first burst of at most `concurrency`, then one request per pause', async () => {
    rcv = await startReceiver();
    rcv.script.push(...Array.from({ length: 100 }, () => ({ status: 503 })));
    await drainTen(backend, rcv.url);
    const times = rcv.received.map((r) => r.at);
    // requests less than 100 ms apart are one burst; pauses are at least 200 ms
    const bursts: number[] = [];
    times.forEach((at, i) => (i && at - times[i - 1]! < 100 ? bursts[bursts.length - 1]!++ : bursts.push(1)));
    expect(bursts[0]).toBeLessThanOrEqual(CONCURRENCY);
    expect(bursts.length).toBeGreaterThan(2); // it kept trying
    expect(bursts.slice(1)).toEqual(bursts.slice(1).map(() => 1));
    expect((await t!.outbox()).filter((o) => o.state === 'delivered')).toEqual([]);
  });

  it('down (connection refused): the same count of attempts, recorded', async () => {
    const closed = await startReceiver();
    const url = closed.url;
    await closed.close();
    await drainTen(backend, url);
    const rows = await t!.outbox();
    const attempts = rows.reduce((n, o) => n + o.attempts, 0);
    // the first burst, then at most one per 200 ms pause
    expect(attempts).toBeGreaterThan(CONCURRENCY);
    expect(attempts).toBeLessThanOrEqual(CONCURRENCY + Math.ceil(WATCH_MS / 200));
    expect(rows.find((o) => o.attempts > 0)).toMatchObject({ state: 'pending', last_error: 'ECONNREFUSED' });
  });
});
