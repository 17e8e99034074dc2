// The listmonk bridge against a local HTTP receiver that checks listmonk's documented bounce
// webhook shape and Basic auth, as listmonk does: records queued in the outbox with the
// transaction, delivered once the receiver is up, retried after it was down; on SQLite and on
// PostgreSQL.
import { describe, it, expect, afterEach, vi } from 'vitest';
import { createServer, type Server } from 'node:http';
import { parseWebhookSettings } from '../../src/config/webhooks.js';
import { parseForwardSettings } from '../../src/config/forward.js';
import { listmonkTarget } from '../../src/webhooks/listmonk.js';
import { startWebhooks, type Webhooks } from '../../src/webhooks/drain.js';
import { at, blocked, complaint, delayed, hard, mailboxFull } from '../helpers.js';
import { type BackendStore, backendStore, describeBackends } from '../helpers/backends.js';
import { capturingLogger } from '../http/helpers.js';
import { freePort } from '../helpers/ports.js';

vi.setConfig({ testTimeout: 30_000 });

interface Got {
  path: string;
  auth: string | undefined;
  body: any;
}

/** listmonk's side: POST /webhooks/bounce with Basic auth and a JSON body of its shape; else 4xx. */
function listmonk(port: number, user: string, token: string, got: Got[]): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (req.method !== 'POST' || req.url !== '/webhooks/bounce') return void res.writeHead(404).end();
      if (req.headers.authorization !== `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`) return void res.writeHead(403).end('{"message":"invalid credentials"}');
      let body: any;
      try {
        body = JSON.parse(text);
      } catch {
        return void res.writeHead(400).end('{"message":"invalid JSON"}');
      }
      const ok =
        typeof body.email === 'string' && typeof body.source === 'string' && ['hard', 'soft', 'complaint'].includes(body.type) &&
        (body.campaign_uuid === undefined || typeof body.campaign_uuid === 'string') && typeof body.meta === 'object';
      if (!ok) return void res.writeHead(400).end('{"message":"invalid bounce"}');
      got.push({ path: req.url, auth: req.headers.authorization, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":true}');
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

let t: BackendStore | undefined;
let w: Webhooks | undefined;
let server: Server | undefined;
afterEach(async () => {
  await w?.stop();
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(() => r(null)) : r(null)));
  await t?.cleanup();
  t = w = server = undefined;
});

describeBackends('forward.listmonk', (backend) => {
  it('sends each new hard, soft and complaint record, in listmonk shape with Basic auth, retried after listmonk was down', async () => {
    const port = await freePort();
    const forward = parseForwardSettings({ listmonk: { url: `http://127.0.0.1:${port}/`, username: 'rebound', token: 'listmonk-api-token' } });
    const settings = { ...parseWebhookSettings({ backoff: { initialMs: 10, maxMs: 20 }, pollIntervalMs: 600_000 }), listmonk: listmonkTarget(forward) };
    const b = await backendStore(backend, { wiring: { webhook: settings } });
    t = b;
    await b.ctx.port.ingest(hard('gone@dest.example'), at('2024-05-06T10:00:00Z'));
    await b.ctx.port.ingest(mailboxFull('full@dest.example'), at('2024-05-06T10:01:00Z'));
    await b.ctx.port.ingest(complaint('angry@dest.example', 'abuse'), at('2024-05-06T10:02:00Z'));
    // not forwarded: a delay, and a block of the sender (not about the subscriber)
    await b.ctx.port.ingest(delayed('slow@dest.example'), at('2024-05-06T10:03:00Z'));
    await b.ctx.port.ingest(blocked('fine@dest.example'), at('2024-05-06T10:04:00Z'));
    const outbox = async () => (await b.outbox()).filter((o) => o.event_type === 'listmonk.bounce');
    expect(await outbox()).toHaveLength(3);

    // listmonk is down: nothing delivered, every row waits for a retry. (Started once the three are
    // queued: a pass that ran between two ingests would try the first rows, fail, and hold the URL
    // back for its backoff, leaving the last row untried, as it should.)
    w = startWebhooks(b.ctx, settings, { logger: capturingLogger().logger });
    await w.drainOnce();
    expect((await outbox()).every((r) => r.state === 'pending' && r.attempts >= 1 && r.last_error)).toBe(true);

    const got: Got[] = [];
    server = await listmonk(port, 'rebound', 'listmonk-api-token', got);
    for (let i = 0; i < 20 && got.length < 3; i++) {
      b.setNow(new Date(b.ctx.now().getTime() + 60_000));
      await w.drainOnce();
    }
    expect((await outbox()).map((r) => r.state)).toEqual(['delivered', 'delivered', 'delivered']);
    const byEmail = Object.fromEntries(got.map((g) => [g.body.email, g.body]));
    expect(Object.keys(byEmail).sort()).toEqual(['angry@dest.example', 'full@dest.example', 'gone@dest.example']);
    expect(byEmail['gone@dest.example']).toMatchObject({ source: 'rebound', type: 'hard', meta: { reason: 'userunknown', status: '5.1.1', smtpCode: 550 } });
    expect(byEmail['full@dest.example']).toMatchObject({ type: 'soft', meta: { reason: 'mailboxfull' } });
    expect(byEmail['angry@dest.example']).toMatchObject({ type: 'complaint', meta: { feedbackType: 'abuse' } });
    expect(got.every((g) => g.path === '/webhooks/bounce')).toBe(true);
  });

  it('keeps retrying while listmonk refuses the credentials', async () => {
    const port = await freePort();
    const forward = parseForwardSettings({ listmonk: { url: `http://127.0.0.1:${port}`, username: 'rebound', token: 'wrong-token' } });
    const settings = { ...parseWebhookSettings({ backoff: { initialMs: 10, maxMs: 20 }, pollIntervalMs: 600_000 }), listmonk: listmonkTarget(forward) };
    const b = await backendStore(backend, { wiring: { webhook: settings } });
    t = b;
    w = startWebhooks(b.ctx, settings, { logger: capturingLogger().logger });
    const got: Got[] = [];
    server = await listmonk(port, 'rebound', 'listmonk-api-token', got);
    await b.ctx.port.ingest(hard('gone@dest.example'), at('2024-05-06T10:00:00Z'));
    await w.drainOnce();
    const rows = (await b.outbox()).filter((o) => o.event_type === 'listmonk.bounce');
    expect(rows.map((r) => ({ state: r.state, last_status: r.last_status }))).toEqual([{ state: 'pending', last_status: 403 }]);
    expect(got).toEqual([]);
  });
});

describe('forward.listmonk settings', () => {
  it('needs a username and a token with the url', () => {
    expect(() => parseForwardSettings({ listmonk: { url: 'https://lists.example.com' } })).toThrow(/forward\.listmonk\.username: not set: required with url/);
  });
});
