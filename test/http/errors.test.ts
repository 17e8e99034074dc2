// Every 4xx/5xx the API answers has the documented shape `{"error","message","field"?}`, also the
// ones fastify's router and Node's HTTP parser make, and never gives back more than 200 characters
// of what was sent. Real HTTP on a loopback port (raw sockets where fetch cannot send the request).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { startHttp, type HttpServer } from '../../src/http/server.js';
import { parseHttpSettings } from '../../src/config/http.js';
import { tempStore, type TempStore } from '../helpers.js';
import { capturingLogger } from './helpers.js';

let t: TempStore;
let http: HttpServer;

beforeAll(async () => {
  t = await tempStore();
  http = await startHttp(t.ctx, parseHttpSettings({ port: 0, maxMessageBytes: 1024 }), { logger: capturingLogger().logger });
});
afterAll(async () => {
  await http?.stop();
  await t?.cleanup();
});

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

async function call(path: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(http.address + path, init);
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** A request written byte for byte on a socket; the answer as the server wrote it. */
function rawRequest(text: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const s = connect(http.port, '127.0.0.1', () => s.write(text));
    let out = '';
    s.on('data', (d: Buffer) => (out += d.toString('latin1')));
    s.on('error', () => {}); // the server closes after answering; an RST is fine
    s.on('close', () => {
      const m = /^HTTP\/1\.1 (\d{3}) [^\r]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(out);
      if (!m) return reject(new Error(`not an HTTP answer: ${JSON.stringify(out.slice(0, 200))}`));
      resolve({ status: Number(m[1]), contentType: /content-type: ([^\r]*)/i.exec(m[2]!)?.[1] ?? '', body: m[3]! });
    });
  });
}

function expectShape(a: Answer, status: number, error: string, message: RegExp): void {
  expect(a.status).toBe(status);
  expect(a.contentType).toMatch(/^application\/json/);
  const body = JSON.parse(a.body) as Record<string, unknown>;
  expect(Object.keys(body).filter((k) => !['error', 'message', 'field'].includes(k))).toEqual([]);
  expect(body.error).toBe(error);
  expect(body.message).toMatch(message);
  expect((body.message as string).length).toBeLessThan(400);
}

const json = (body: string): RequestInit => ({ method: 'PUT', headers: { 'content-type': 'application/json' }, body });

describe('errors in the one shape', () => {
  it('414: a path parameter longer than any address', async () => {
    expectShape(await call(`/v1/suppressions/${'a'.repeat(1200)}%40example.com`), 414, 'uri_too_long', /^a path parameter is longer than 960 characters$/);
    // an address of 320 characters, every one percent-encoded, still fits
    const long = `${'a'.repeat(300)}@example.com`;
    expect((await call(`/v1/suppressions/${encodeURIComponent(long).replace(/a/g, '%61')}`)).status).toBe(404);
  });

  it('431: headers larger than the parser takes', async () => {
    const a = await rawRequest(`GET /v1/stats HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expectShape(a, 431, 'headers_too_large', /^the request line and headers are larger than \d+ bytes$/);
  });

  it('400: not HTTP at all', async () => {
    expectShape(await rawRequest('BLAH\r\n\r\n'), 400, 'bad_request', /^not a valid HTTP request$/);
  });

  it('400: a percent-encoding that is not UTF-8', async () => {
    expectShape(await call('/v1/suppressions/%E0%A4%A'), 400, 'invalid_path', /^the path is not valid percent-encoded UTF-8: \/v1\/suppressions\/%E0%A4%A$/);
  });

  it('400: a body that is not JSON', async () => {
    expectShape(await call('/v1/suppressions/a%40b.example', json(`{"reason":${'x'.repeat(5000)}`)), 400, 'invalid_body', /^the body is not valid JSON/);
  });

  it('413: names the limit and the setting', async () => {
    const raw = await call('/v1/messages', { method: 'POST', headers: { 'content-type': 'message/rfc822' }, body: 'x'.repeat(2000) });
    expectShape(raw, 413, 'too_large', /^the body is larger than the limit of 1024 bytes \(http\.maxMessageBytes\)$/);
    const big = await call('/v1/suppressions/a%40b.example', json(JSON.stringify({ reason: 'x'.repeat(2 * 1024 * 1024) })));
    expectShape(big, 413, 'too_large', /^the body is larger than the limit of 1048576 bytes$/);
  });

  it('never echoes more than 200 characters of the bad value', async () => {
    const v = 'x'.repeat(5000);
    const q = await call(`/v1/suppressions?limit=${v}`);
    expectShape(q, 400, 'invalid_query', /^limit: got "x{199}… \(5002 characters\): expected a whole number/);
    expectShape(await call(`/v1/${v}`), 404, 'not_found', /^no such endpoint: GET \/v1\/x+… \(5004 characters\)$/);
    expectShape(await call(`/v1/suppressions/${'b'.repeat(900)}`), 400, 'invalid_path', /^address: got "b{199}… \(902 characters\)/);
    const ct = await call('/v1/suppressions/a%40b.example', { method: 'PUT', headers: { 'content-type': `text/${v}` }, body: 'x' });
    expectShape(ct, 415, 'unsupported_media_type', /^Content-Type text\/x+… \(5005 characters\) is not accepted here/);
  });
});
