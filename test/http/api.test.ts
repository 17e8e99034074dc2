// The HTTP API over real HTTP on a loopback port, against a real SQLite file and a real PostgreSQL
// store: auth, every endpoint, paging, a JSON 4xx for each kind of bad input, the metrics moving
// after an ingest.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { startHttp, type HttpServer } from '../../src/http/server.js';
import { parseHttpSettings } from '../../src/config/http.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import { exportSuppressions } from '../../src/export/export.js';
import { FORMATS } from '../../src/export/formats.js';
import { at, autoReply, complaint, hard, mailboxFull } from '../helpers.js';
import { type BackendStore, backendStore, describeBackends } from '../helpers/backends.js';
import { capturingLogger, parsePrometheus, sampleValue } from './helpers.js';

const TOKEN = 'test-token-0123456789';

// real sockets and files: slow when the whole suite runs in parallel on two cores
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });
let t: BackendStore;
let http: HttpServer;
let metrics: Metrics;
const log = capturingLogger();

async function call(path: string, init: RequestInit & { token?: string | null } = {}) {
  const { token = TOKEN, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token !== null) headers.set('authorization', `Bearer ${token}`);
  const res = await fetch(http.address + path, { ...rest, headers });
  const text = await res.text();
  const json = res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : undefined;
  return { status: res.status, headers: res.headers, text, json };
}

describeBackends('the HTTP API', (backend) => {
  beforeAll(async () => {
    metrics = createMetrics({ processMetrics: false });
    // the counts wired as serve wires its store
    t = await backendStore(backend, { wiring: { counts: metrics } });
    await t.ctx.port.ingest(hard('gone@dest.example'), at('2024-05-01T08:00:00Z'));
    await t.ctx.port.ingest(complaint('reader@other.example', 'abuse'), at('2024-05-02T08:00:00Z'));
    await t.ctx.port.ingest(mailboxFull('full@dest.example'), at('2024-05-03T08:00:00Z'));
    for (let i = 0; i < 25; i++) await t.ctx.port.ingest(hard(`user${String(i).padStart(2, '0')}@many.example`), at(`2024-05-04T08:00:${String(i).padStart(2, '0')}Z`));
    http = await startHttp(t.ctx, parseHttpSettings({ port: 0, token: TOKEN, pageLimit: 10, maxPageLimit: 20, maxMessageBytes: 64 * 1024 }), {
      logger: log.logger,
      metrics,
    });
  });

  afterAll(async () => {
    await http?.stop();
    await t?.cleanup();
  });

  describe('auth', () => {
    it('answers 401 with a bearer challenge when the token is missing or wrong, and serves with the right one', async () => {
      const missing = await call('/v1/suppressions', { token: null });
      expect(missing.status).toBe(401);
      expect(missing.json).toMatchObject({ error: 'unauthorized' });
      expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="rebound"');
      const wrong = await call('/v1/suppressions', { token: 'test-token-0123456780' });
      expect(wrong.status).toBe(401);
      expect(wrong.json).toMatchObject({ error: 'invalid_token' });
      expect(wrong.headers.get('www-authenticate')).toContain('error="invalid_token"');
      const basic = await call('/v1/suppressions', { token: null, headers: { authorization: 'Basic dXNlcjpwYXNz' } });
      expect(basic.status).toBe(401);
      expect((await call('/v1/suppressions')).status).toBe(200);
      // every endpoint but /healthz, also /metrics and the OpenAPI document
      for (const path of ['/metrics', '/v1/openapi.json', '/v1/stats', '/v1/bounces', '/v1/export', '/v1/suppressions/gone@dest.example']) {
        expect((await call(path, { token: null })).status, path).toBe(401);
      }
      expect((await call('/healthz', { token: null })).json).toEqual({ status: 'ok' });
    });
  });

  describe('GET /v1/suppressions', () => {
    it('pages through the active suppressions in address order with an opaque cursor', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const r = await call(`/v1/suppressions?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
        expect(r.status).toBe(200);
        expect(r.json.items.length).toBeLessThanOrEqual(7);
        seen.push(...r.json.items.map((s: { address: string }) => s.address));
        cursor = r.json.nextCursor;
        pages++;
      } while (cursor);
      // 25 + gone + reader; full@ has one soft bounce only
      expect(seen).toHaveLength(27);
      expect(pages).toBe(4);
      expect(seen).toEqual([...seen].sort());
      expect(new Set(seen).size).toBe(27);
      expect(seen).not.toContain('full@dest.example');
      // the default page size is the configured one
      expect((await call('/v1/suppressions')).json.items).toHaveLength(10);
    });

    it('filters by type, domain and since', async () => {
      const complaints = await call('/v1/suppressions?type=complaint');
      expect(complaints.json.items.map((s: { address: string }) => s.address)).toEqual(['reader@other.example']);
      expect(complaints.json.items[0]).toMatchObject({ type: 'complaint', reason: 'abuse', domain: 'other.example', eventCount: 1, expiresAt: null });
      const both = await call('/v1/suppressions?type=complaint&type=hard&domain=DEST.example');
      expect(both.json.items.map((s: { address: string }) => s.address)).toEqual(['gone@dest.example']);
      const since = await call('/v1/suppressions?since=2024-05-02&limit=20');
      expect(since.json.items.map((s: { address: string }) => s.address)).not.toContain('gone@dest.example');
      expect(since.json.items).toHaveLength(20);
      expect(since.json.nextCursor).not.toBeNull();
    });
  });

  describe('/v1/suppressions/{address}', () => {
    it('GET: 200 with the suppression, 404 when sendable, the history on request', async () => {
      const r = await call('/v1/suppressions/Gone%40DEST.example');
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ address: 'gone@dest.example', suppressed: true, suppression: { type: 'hard', reason: 'userunknown' } });
      const no = await call('/v1/suppressions/full%40dest.example');
      expect(no.status).toBe(404);
      expect(no.json).toEqual({ error: 'not_suppressed', message: 'full@dest.example is not suppressed', address: 'full@dest.example' });
      const h = await call('/v1/suppressions/full%40dest.example?history=true');
      expect(h.status).toBe(200);
      expect(h.json).toMatchObject({ address: 'full@dest.example', sendable: true, soft: { total: 1, lastReason: 'mailboxfull' } });
      expect(h.json.records).toHaveLength(1);
    });

    it('PUT suppresses by hand (201), says when it already was (200); DELETE lifts it', async () => {
      const put = () =>
        call('/v1/suppressions/ceo%40dest.example', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'asked by phone' }) });
      const first = await put();
      expect(first.status).toBe(201);
      expect(first.json).toMatchObject({ address: 'ceo@dest.example', outcome: 'suppressed', suppression: { type: 'manual', reason: 'asked by phone' } });
      const again = await put();
      expect(again.status).toBe(200);
      expect(again.json.outcome).toBe('already');
      expect((await call('/v1/suppressions/ceo%40dest.example')).status).toBe(200);
      const del = await call('/v1/suppressions/ceo%40dest.example?note=changed%20their%20mind', { method: 'DELETE' });
      expect(del.status).toBe(200);
      expect(del.json).toEqual({ address: 'ceo@dest.example', lifted: 1 });
      expect((await call('/v1/suppressions/ceo%40dest.example')).status).toBe(404);
      const h = await call('/v1/suppressions/ceo%40dest.example?history=1');
      expect(h.json.suppressions[0]).toMatchObject({ liftedAt: expect.any(String), note: 'changed their mind' });
      expect((await call('/v1/suppressions/ceo%40dest.example', { method: 'DELETE' })).json).toEqual({ address: 'ceo@dest.example', lifted: 0 });
    });
  });

  describe('GET /v1/bounces', () => {
    it('lists the records of an address, or all of them a page at a time', async () => {
      const one = await call('/v1/bounces?address=GONE@dest.example');
      expect(one.status).toBe(200);
      expect(one.json.items).toHaveLength(1);
      expect(one.json.items[0]).toMatchObject({
        address: 'gone@dest.example', kind: 'bounce', type: 'hard', reason: 'userunknown', status: '5.1.1', smtpCode: 550, source: 'file',
        eventAt: '2024-05-01T08:00:00.000Z', fromReturnPath: false, vouched: true,
      });
      const ids: number[] = [];
      let cursor: string | null = null;
      do {
        const r = await call(`/v1/bounces?limit=20${cursor ? `&cursor=${cursor}` : ''}`);
        ids.push(...r.json.items.map((b: { id: number }) => b.id));
        cursor = r.json.nextCursor;
      } while (cursor);
      expect(ids.length).toBeGreaterThanOrEqual(28);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      const since = await call('/v1/bounces?since=2024-05-03T00:00:00Z&limit=1');
      expect(since.json.items[0].address).toBe('full@dest.example');
    });
  });

  describe('GET /v1/stats', () => {
    it('gives what rebound stats --json gives, with breakdowns', async () => {
      const r = await call('/v1/stats?by=kind,provider%2Bcode&since=2024-05-01');
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ since: '2024-05-01T00:00:00.000Z', bounces: expect.any(Number), suppressions: expect.any(Number) });
      expect(r.json.breakdowns.map((b: { by: string[] }) => b.by)).toEqual([['kind'], ['provider', 'code']]);
      expect(r.json.breakdowns[0].rows).toContainEqual({ kind: 'complaint', count: 1 });
    });
  });

  describe('GET /v1/export', () => {
    it('streams every format byte for byte as rebound export writes it, with its media type', async () => {
      for (const format of FORMATS) {
        const r = await call(`/v1/export?format=${format}&type=hard,complaint`);
        expect(r.status, format).toBe(200);
        const expected = await exportSuppressions(t.ctx, { format, types: ['hard', 'complaint'] });
        expect(r.text, format).toBe(expected.text);
      }
      expect((await call('/v1/export?format=csv')).headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect((await call('/v1/export?format=ndjson')).headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
      expect((await call('/v1/export')).text.split('\n')[0]).toBe('gone@dest.example');
      expect((await call('/v1/export?domain=other.example')).text).toBe('reader@other.example\n');
    });
  });

  describe('POST /v1/messages', () => {
    it('ingests a raw message (201), reports a duplicate (200), and the suppression is there', async () => {
      const raw = hard('posted@dest.example');
      const post = () => call('/v1/messages?envelopeTo=bounces%2Bx%40sender.example&sourceRef=relay-1', { method: 'POST', headers: { 'content-type': 'message/rfc822' }, body: raw });
      const r = await post();
      expect(r.status).toBe(201);
      expect(r.json).toMatchObject({ duplicate: false, status: 'parsed', kind: 'bounce', records: 1, suppressed: ['posted@dest.example'] });
      expect(r.json.sha256).toMatch(/^[0-9a-f]{64}$/);
      const dup = await post();
      expect(dup.status).toBe(200);
      expect(dup.json).toMatchObject({ duplicate: true, messageId: r.json.messageId });
      expect((await call('/v1/suppressions/posted%40dest.example')).status).toBe(200);
      const rec = await call('/v1/bounces?address=posted@dest.example');
      expect(rec.json.items[0]).toMatchObject({ source: 'http', sourceRef: 'relay-1' });
      const octets = await call('/v1/messages', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: autoReply('away@dest.example') });
      expect(octets.status).toBe(201);
      expect(octets.json.kind).toBe('auto-reply');
    });
  });

  describe('bad requests: a 4xx with a JSON error saying what is wrong', () => {
    const cases: Array<[string, string, RequestInit, number, string, RegExp]> = [
      ['limit not a number', '/v1/suppressions?limit=abc', {}, 400, 'invalid_query', /^limit: got "abc": expected a whole number from 1 to 20$/],
      ['limit above the cap', '/v1/suppressions?limit=21', {}, 400, 'invalid_query', /^limit: got "21"/],
      ['limit zero', '/v1/suppressions?limit=0', {}, 400, 'invalid_query', /^limit: /],
      ['unknown type', '/v1/suppressions?type=hard,bogus', {}, 400, 'invalid_query', /^type: got "hard,bogus": invalid option/],
      ['not a date', '/v1/suppressions?since=yesterday', {}, 400, 'invalid_query', /^since: got "yesterday": expected an ISO date/],
      ['a cursor we never gave', '/v1/suppressions?cursor=bm9wZQ', {}, 400, 'invalid_query', /^cursor: /],
      ['unknown parameter', '/v1/suppressions?typo=1', {}, 400, 'invalid_query', /^typo: unknown parameter$/],
      ['not an address', '/v1/suppressions/not-an-address', {}, 400, 'invalid_path', /^address: got "not-an-address": expected an email address/],
      ['bounces of not an address', '/v1/bounces?address=nobody', {}, 400, 'invalid_query', /^address: /],
      ['a record cursor we never gave', '/v1/bounces?cursor=WyJ4Il0', {}, 400, 'invalid_query', /^cursor: /],
      ['unknown stats dimension', '/v1/stats?by=colour', {}, 400, 'invalid_query', /^by: unknown dimension colour/],
      ['unknown export format', '/v1/export?format=xls', {}, 400, 'invalid_query', /^format: got "xls": invalid option/],
      ['PUT without a reason', '/v1/suppressions/a%40b.example', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' }, 400, 'invalid_body', /^reason: missing: expected string$/],
      ['PUT with an unknown field', '/v1/suppressions/a%40b.example', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"reason":"x","why":1}' }, 400, 'invalid_body', /^why: unknown field$/],
      ['PUT with broken JSON', '/v1/suppressions/a%40b.example', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"reason":' }, 400, 'invalid_body', /JSON/],
      ['PUT with another media type', '/v1/suppressions/a%40b.example', { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'x' }, 415, 'unsupported_media_type', /text\/plain/],
      ['POST a message as text/plain', '/v1/messages', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }, 415, 'unsupported_media_type', /./],
      ['POST an empty message', '/v1/messages', { method: 'POST', headers: { 'content-type': 'message/rfc822' }, body: '' }, 400, 'invalid_body', /empty/],
      ['POST a message over the size cap', '/v1/messages', { method: 'POST', headers: { 'content-type': 'message/rfc822' }, body: 'x'.repeat(65 * 1024) }, 413, 'too_large', /./],
      ['no such endpoint', '/v1/nothing', {}, 404, 'not_found', /^no such endpoint: GET \/v1\/nothing$/],
      ['no such method', '/v1/stats', { method: 'DELETE' }, 404, 'not_found', /DELETE/],
    ];
    for (const [name, path, init, status, error, message] of cases) {
      it(name, async () => {
        const r = await call(path, init);
        expect(r.status).toBe(status);
        expect(r.headers.get('content-type')).toMatch(/^application\/json/);
        expect(r.json.error).toBe(error);
        expect(r.json.message).toMatch(message);
      });
    }
    it('nothing was suppressed by the refused requests', async () => {
      expect((await call('/v1/suppressions/a%40b.example')).status).toBe(404);
    });
  });

  describe('GET /metrics', () => {
    it('parses as Prometheus text, and the counters move after an ingest', async () => {
      const before = parsePrometheus((await call('/metrics')).text);
      expect(before.types.get('rebound_messages_total')).toBe('counter');
      expect(before.types.get('rebound_suppressions')).toBe('gauge');
      for (const name of ['rebound_smtp_sessions_total', 'rebound_smtp_refusals_total', 'rebound_imap_errors_total']) expect(before.types.get(name)).toBe('counter');
      expect(before.types.get('rebound_imap_lag_seconds')).toBe('gauge');
      // the store's gauges read the SQLite handle (on PostgreSQL: the host's local spool)
      if (backend === 'sqlite') expect(sampleValue(before.samples, 'rebound_database_bytes')).toBeGreaterThan(0);
      const hardBefore = sampleValue(before.samples, 'rebound_suppressions', { type: 'hard' });

      const r = await call('/v1/messages', { method: 'POST', headers: { 'content-type': 'message/rfc822' }, body: hard('metric@dest.example') });
      expect(r.status).toBe(201);
      await t.ctx.port.ingest(complaint('metric2@dest.example', 'abuse'), { source: 'smtp' });

      const after = parsePrometheus((await call('/metrics')).text);
      const d = (name: string, labels: Record<string, string>) => sampleValue(after.samples, name, labels) - sampleValue(before.samples, name, labels);
      expect(d('rebound_messages_total', { source: 'http', kind: 'bounce', status: 'parsed' })).toBe(1);
      expect(d('rebound_messages_total', { source: 'smtp', kind: 'complaint' })).toBe(1);
      expect(d('rebound_bounces_total', { type: 'hard', reason: 'userunknown' })).toBe(1);
      expect(d('rebound_suppressions_created_total', { type: 'hard' })).toBe(1);
      expect(d('rebound_suppressions_created_total', { type: 'complaint' })).toBe(1);
      if (backend === 'sqlite') expect(sampleValue(after.samples, 'rebound_suppressions', { type: 'hard' })).toBe(hardBefore + 1);
      expect(d('rebound_http_requests_total', { method: 'POST', route: '/v1/messages', status: '201' })).toBe(1);
      // moved by the listeners once they are wired in; here by hand, to see them in a scrape
      metrics.smtpRefusals.inc({ cause: 'domain' });
      metrics.imapLag.set({ mailbox: 'bounces@imap.example/INBOX' }, 12);
      const later = parsePrometheus((await call('/metrics')).text);
      expect(sampleValue(later.samples, 'rebound_smtp_refusals_total', { cause: 'domain' })).toBe(1);
      expect(sampleValue(later.samples, 'rebound_imap_lag_seconds', { mailbox: 'bounces@imap.example/INBOX' })).toBe(12);
    });
  });

  describe('GET /v1/openapi.json', () => {
    it('describes every endpoint, with its parameters and the bearer scheme', async () => {
      const doc = (await call('/v1/openapi.json')).json;
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths).sort()).toEqual([
        '/healthz', '/metrics', '/v1/bounces', '/v1/classify', '/v1/events/ses/subscriptions', '/v1/events/{provider}', '/v1/export', '/v1/messages', '/v1/openapi.json', '/v1/stats', '/v1/status', '/v1/suppressions', '/v1/suppressions/{address}',
      ]);
      expect(Object.keys(doc.paths['/v1/suppressions/{address}']).sort()).toEqual(['delete', 'get', 'put']);
      const list = doc.paths['/v1/suppressions'].get;
      expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(['type', 'since', 'domain', 'limit', 'cursor']);
      expect(list.parameters.find((p: { name: string }) => p.name === 'limit').schema).toMatchObject({ type: 'integer', maximum: 20, default: 10 });
      expect(doc.paths['/v1/suppressions/{address}'].put.requestBody.content['application/json'].schema.required).toEqual(['reason']);
      expect(Object.keys(doc.paths['/v1/messages'].post.requestBody.content)).toEqual(['message/rfc822', 'application/octet-stream']);
      expect(doc.paths['/healthz'].get.security).toEqual([]);
      expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    });
  });
});
