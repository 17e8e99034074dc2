// What the API takes in, over real HTTP against a real SQLite file: text is stored well-formed.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startHttp, type HttpServer } from '../../src/http/server.js';
import { parseHttpSettings } from '../../src/config/http.js';
import { dsn, tempStore, type TempStore } from '../helpers.js';
import { capturingLogger } from './helpers.js';

let t: TempStore;
let http: HttpServer;

async function call(path: string, init: RequestInit = {}) {
  const res = await fetch(http.address + path, init);
  const text = await res.text();
  return { status: res.status, text, json: res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : undefined };
}

const putJson = (path: string, body: string) => call(path, { method: 'PUT', headers: { 'content-type': 'application/json' }, body });

beforeAll(async () => {
  t = await tempStore();
  http = await startHttp(t.ctx, parseHttpSettings({ port: 0 }), { logger: capturingLogger().logger });
});

afterAll(async () => {
  await http?.stop();
  await t?.cleanup();
});

describe('well-formed text', () => {
  it('a lone surrogate escaped in a JSON body is stored as U+FFFD, never as invalid UTF-8', async () => {
    const r = await putJson('/v1/suppressions/lone%40dest.example', '{"reason":"asked \\udfbe by phone"}');
    expect(r.status).toBe(201);
    expect(r.json.suppression.reason).toBe('asked \ufffd by phone');
    const stored = t.store.sqlite.prepare("select hex(reason) as h from suppressions where address = 'lone@dest.example'").get() as { h: string };
    expect(Buffer.from(stored.h, 'hex').toString('utf8')).toBe('asked \ufffd by phone');
  });
});

describe('the one address rule', () => {
  it('refuses a NUL byte, a comma and whitespace with a 400 in the error shape, and stores nothing', async () => {
    const nul = await putJson('/v1/suppressions/a%00b%40example.com', '{"reason":"x"}');
    expect(nul.status).toBe(400);
    expect(nul.json).toEqual({
      error: 'invalid_path',
      field: 'address',
      message: 'address: got "a\\u0000b@example.com": expected an email address (local@domain): control character U+0000',
    });
    const comma = await putJson('/v1/suppressions/a%2Cb%40example.com', '{"reason":"x"}');
    expect(comma.status).toBe(400);
    expect(comma.json).toMatchObject({ error: 'invalid_path', field: 'address', message: expect.stringMatching(/"," in an unquoted local part$/) });
    const space = await call('/v1/bounces?address=a%20b%40example.com');
    expect(space.status).toBe(400);
    expect(space.json).toMatchObject({ error: 'invalid_query', field: 'address', message: expect.stringMatching(/whitespace/) });
    expect(t.store.sqlite.prepare("select count(*) as n from suppressions where instr(address, char(0)) or instr(address, ',')").get()).toEqual({ n: 0 });
  });

  it('takes a quoted local part and an IDN domain in every endpoint', async () => {
    const quoted = await putJson('/v1/suppressions/%22John%20Doe%22%40Example.com', '{"reason":"asked"}');
    expect(quoted.status).toBe(201);
    expect(quoted.json.address).toBe('"john doe"@example.com');
    expect((await call('/v1/suppressions/%22john%20doe%22%40example.com')).json).toMatchObject({ suppressed: true });
    const idn = await putJson('/v1/suppressions/J%C3%B6rg%40B%C3%BCcher.example', '{"reason":"asked"}');
    expect(idn.json.address).toBe('jörg@xn--bcher-kva.example');
    expect((await call('/v1/suppressions/j%C3%B6rg%40xn--bcher-kva.example')).status).toBe(200);
    const txt = await call('/v1/export?format=txt');
    expect(txt.text.split('\n')).toEqual(expect.arrayContaining(['"john doe"@example.com', 'jörg@xn--bcher-kva.example']));
    const csv = await call('/v1/export?format=csv');
    expect(csv.text).toContain('"""john doe""@example.com",example.com,manual,asked,');
    // an encoded word as a local part keeps its bytes
    const ew = await putJson('/v1/suppressions/%3D%3Futf-8%3FB%3F5bGx55Sw%3F%3D%40example.jp', '{"reason":"asked"}');
    expect(ew.json.address).toBe('=?utf-8?B?5bGx55Sw?=@example.jp');
  });

  it('the parser stores a quoted recipient under the same key the API looks up', async () => {
    const raw = dsn('"Jane Roe"@dest.example');
    const r = await call('/v1/messages', { method: 'POST', headers: { 'content-type': 'message/rfc822' }, body: raw });
    expect(r.json).toMatchObject({ records: 1, suppressed: ['"jane roe"@dest.example'] });
    expect((await call('/v1/suppressions/%22jane%20roe%22%40dest.example')).json).toMatchObject({ suppressed: true });
  });
});

describe('POST /v1/messages twice', () => {
  it('the duplicate answers the stored message\'s kind', async () => {
    const raw = dsn('twice@dest.example');
    const post = () => call('/v1/messages', { method: 'POST', headers: { 'content-type': 'message/rfc822' }, body: raw });
    expect((await post()).json).toMatchObject({ duplicate: false, kind: 'bounce' });
    const again = await post();
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ duplicate: true, kind: 'bounce', records: 0, suppressed: [] });
  });
});
