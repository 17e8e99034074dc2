// GET /v1/bounces?reason=: the current reason names and their older aliases; each record names the
// rule that decided it.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { startHttp, type HttpServer } from '../../src/http/server.js';
import { parseHttpSettings } from '../../src/config/http.js';
import { createMetrics } from '../../src/metrics.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { at, dsn, hard, tempStore, type TempStore } from '../helpers.js';
import { capturingLogger } from './helpers.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });
const TOKEN = 'test-token-0123456789';
let t: TempStore;
let http: HttpServer;

beforeAll(async () => {
  t = await tempStore();
  ingest(t.ctx, hard('gone@dest.example'), at('2024-05-01T08:00:00Z'));
  ingest(t.ctx, dsn('fast@dest.example', { status: '5.7.1', diagnostic: '550 5.7.1 Rate limit exceeded, slow down' }), at('2024-05-01T09:00:00Z'));
  http = await startHttp(t.ctx, parseHttpSettings({ port: 0, token: TOKEN }), { logger: capturingLogger().logger, metrics: createMetrics({ processMetrics: false }) });
});
afterAll(async () => {
  await http?.stop();
  await t?.cleanup();
});

const get = async (path: string) => {
  const r = await fetch(http.address + path, { headers: { authorization: `Bearer ${TOKEN}` } });
  return { status: r.status, json: (await r.json()) as any };
};

describe('GET /v1/bounces?reason=', () => {
  it('filters by a reason, an older name taken as the current one', async () => {
    for (const name of ['ratelimited', 'speeding', 'toomanyconn', 'RateLimited']) {
      const r = await get(`/v1/bounces?reason=${name}`);
      expect(r.status, name).toBe(200);
      expect(r.json.items.map((b: { address: string }) => b.address), name).toEqual(['fast@dest.example']);
    }
    const hardOnes = await get('/v1/bounces?reason=userunknown');
    expect(hardOnes.json.items).toEqual([expect.objectContaining({ address: 'gone@dest.example', reason: 'userunknown', rule: 'builtin:userunknown#status-1.1' })]);
  });

  it('refuses a reason it does not know, with the names it does', async () => {
    const r = await get('/v1/bounces?reason=nosuch');
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json)).toMatch(/unknown reason 'nosuch' \(one of: authfailure.*speeding/);
  });
});
