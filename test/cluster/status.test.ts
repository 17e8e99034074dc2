// `rebound status` and GET /v1/status with real processes: two `rebound serve` hosts on one store
// file, each with its heartbeat and both configured with the same scheduled export. One of them
// leads the exports; when it is SIGKILLed, its heartbeat goes stale and the other takes the lead
// within the lease. A clean stop says stopped and gives the lease up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, runCli, spawnServe, type ServeProcess } from '../helpers/cli-process.js';
import { freePort } from '../helpers/ports.js';
import { until } from '../helpers/until.js';
import { StatusShape, type StatusJson } from '../../src/present/status.js';

const TOKEN = 'status-token-0123456789';
let cli: string;
let dir: string;
const hosts: ServeProcess[] = [];

beforeAll(() => {
  cli = buildCli('cluster-status');
  dir = mkdtempSync(join(tmpdir(), 'rebound-status-'));
}, 300_000);

afterAll(() => {
  for (const h of hosts) h.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function serve(id: string, httpPort: number): Promise<ServeProcess> {
  const p = await spawnServe(cli, ['--db', join(dir, 'rebound.db'), 'serve'], {
    REBOUND_HOST_ID: id,
    REBOUND_HOST_HEARTBEAT_SECONDS: '1',
    REBOUND_HOST_LEASE_SECONDS: '3',
    REBOUND_SMTP_PORT: '0',
    REBOUND_SMTP_DOMAINS: 'bounce.test',
    REBOUND_HTTP_PORT: String(httpPort),
    REBOUND_HTTP_TOKEN: TOKEN,
    REBOUND_EXPORT_PATH: join(dir, 'suppressed.txt'),
    REBOUND_EXPORT_INTERVAL_SECONDS: '1',
    REBOUND_LOG_LEVEL: 'info',
  });
  hosts.push(p);
  return p;
}

async function statusOver(port: number): Promise<StatusJson> {
  const r = await fetch(`http://127.0.0.1:${port}/v1/status`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(r.status).toBe(200);
  // exactly the published shape (strict: no field more or less)
  return StatusShape.parse(await r.json());
}

async function statusCli(): Promise<StatusJson> {
  const r = await runCli(cli, ['--db', join(dir, 'rebound.db'), 'status', '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return StatusShape.parse(JSON.parse(r.stdout));
}

const state = (s: StatusJson, id: string) => s.hosts.find((h) => h.id === id)?.state;

describe('rebound status and GET /v1/status, two serve hosts on one store', () => {
  it('lists both hosts alive and one exports leader; a SIGKILLed leader goes stale and the other leads within the lease; a clean stop says stopped', async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const a = await serve('mx-a', portA);
    // mx-a, alone, leads the exports and writes the file
    let s = await until(() => statusOver(portA), (v) => v.exportsLeader?.owner === 'mx-a', { ms: 10_000, everyMs: 200 });
    expect(s.hosts).toEqual([expect.objectContaining({ id: 'mx-a', state: 'alive', heartbeatSeconds: 1, pid: a.child.pid })]);
    await until(async () => existsSync(join(dir, 'suppressed.txt')), Boolean, { ms: 10_000, everyMs: 200 });
    // without the token: refused like the rest of the API
    expect((await fetch(`http://127.0.0.1:${portA}/v1/status`)).status).toBe(401);
    // the OpenAPI document describes it with its shape
    const doc = (await (await fetch(`http://127.0.0.1:${portA}/v1/openapi.json`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as {
      paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: unknown }> }> } }>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.paths['/v1/status']!.get.responses['200']!.content['application/json']!.schema).toEqual({ $ref: '#/components/schemas/Status' });
    expect(doc.components.schemas.Status).toBeDefined();

    const b = await serve('mx-b', portB);
    s = await until(() => statusCli(), (v) => state(v, 'mx-b') === 'alive', { ms: 10_000, everyMs: 200 });
    expect(s.hosts.map((h) => [h.id, h.state])).toEqual([['mx-a', 'alive'], ['mx-b', 'alive']]);
    expect(s.exportsLeader).toMatchObject({ owner: 'mx-a', expired: false });
    // the text form, one line per host
    const text = await runCli(cli, ['--db', join(dir, 'rebound.db'), 'status']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ {2}mx-a {2}alive {2}seen \d+ s ago/m);
    expect(text.stdout).toMatch(/^ {2}mx-b {2}alive/m);
    expect(text.stdout).toMatch(/^scheduled exports: mx-a leads, lease until /m);

    // the leader dies without a word: within the lease (3 s) plus a retry (1 s), mx-b leads and writes the file
    const killedAt = Date.now();
    a.child.kill('SIGKILL');
    await a.exited;
    // (the file gone, so that the new leader's run shows: an unchanged file is not touched)
    rmSync(join(dir, 'suppressed.txt'));
    s = await until(() => statusOver(portB), (v) => v.exportsLeader?.owner === 'mx-b', { ms: 10_000, everyMs: 200 });
    expect(Date.now() - killedAt).toBeLessThan(3000 + 1000 + 2000);
    s = await until(() => statusOver(portB), (v) => state(v, 'mx-a') === 'stale', { ms: 10_000, everyMs: 200 });
    expect(state(s, 'mx-b')).toBe('alive');
    await until(async () => existsSync(join(dir, 'suppressed.txt')), Boolean, { ms: 10_000, everyMs: 200 });

    // a clean stop: the row says stopped and the lease is given up at once
    b.child.kill('SIGTERM');
    expect((await b.exited).code).toBe(0);
    s = await statusCli();
    expect(s.hosts.map((h) => [h.id, h.state])).toEqual([['mx-a', 'stale'], ['mx-b', 'stopped']]);
    expect(s.exportsLeader).toBeNull();
    expect(s).toMatchObject({ spoolBacklogBytes: expect.any(Number), outbox: { pending: 0, dead: 0 }, pendingSubscriptions: 0, imap: [] });
  }, 120_000);

  it('exit status 2 and one line when the store cannot be read', async () => {
    const r = await runCli(cli, ['--db', join(dir, 'nothing-here.db'), 'status']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rebound: .+\n$/);
  });
});
