// What the API takes in, over real HTTP against a real SQLite file: text is stored well-formed.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startHttp, type HttpServer } from '../../src/http/server.js';
import { parseHttpSettings } from '../../src/config/http.js';
import { tempStore, type TempStore } from '../helpers.js';
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
  http = await startHttp(t.store, parseHttpSettings({ port: 0 }), { logger: capturingLogger().logger });
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
