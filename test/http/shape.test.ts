// One JSON shape (src/present/): `rebound check --json` and `rebound show --json` (the built CLI)
// print what `GET /v1/suppressions/{address}?history=true` answers over real HTTP, from the same
// SQLite file; both match the shapes the OpenAPI document publishes, in camelCase.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttp, type HttpServer } from '../../src/http/server.js';
import { parseHttpSettings } from '../../src/config/http.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { suppressAddress, unsuppressAddress } from '../../src/policy/manual.js';
import { AddressCheckShape, AddressHistoryShape } from '../../src/present/index.js';
import { blocked, hard, mailboxFull, tempStore, type TempStore } from '../helpers.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { capturingLogger } from './helpers.js';

let t: TempStore;
let http: HttpServer;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

beforeAll(async () => {
  ensureBuilt([]);
  // the real clock: the CLI reads the same file with it
  t = await tempStore({ now0: new Date().toISOString() });
  ingest(t.ctx, mailboxFull('ann@dest.example'), { source: 'file', sourceRef: 'a', receivedAt: ago(3_600_000) });
  ingest(t.ctx, hard('ann@dest.example'), { source: 'file', sourceRef: 'b', receivedAt: ago(1_800_000) });
  ingest(t.ctx, blocked('other@dest.example'), { source: 'file', sourceRef: 'c', receivedAt: ago(900_000) });
  unsuppressAddress(t.ctx, 'ann@dest.example', 'recreated');
  suppressAddress(t.ctx, 'ann@dest.example', 'asked by phone', new Date(), 'ui:alice');
  http = await startHttp(t.ctx, parseHttpSettings({ port: 0 }), { logger: capturingLogger().logger });
}, 180_000);

afterAll(async () => {
  await http?.stop();
  await t?.cleanup();
});

const cli = async (...args: string[]) => JSON.parse((await runCli(['--db', join(t.dir, 'rebound.db'), ...args], {})).stdout);
const api = async (path: string): Promise<any> => (await fetch(http.address + path)).json();
const snakeKeys = (v: unknown) => JSON.stringify(v).match(/"[a-z]+_[a-z_]+":/g) ?? [];

describe('one JSON shape for CLI and API', { timeout: 60_000 }, () => {
  it('show --json is GET ?history=true, check --json is its first part, in the published shapes', async () => {
    const [show, check, history] = await Promise.all([
      cli('show', '--json', 'Ann@dest.example'),
      cli('check', '--json', 'ann@dest.example'),
      api('/v1/suppressions/ann%40dest.example?history=true'),
    ]);
    expect(show).toEqual(history);
    expect(AddressHistoryShape.parse(history)).toEqual(history);
    expect(AddressCheckShape.parse(check)).toEqual(check);
    const { suppressions, records, manual, ...first } = history;
    expect(check).toEqual(first);
    expect(snakeKeys(history)).toEqual([]);
    expect(history).toMatchObject({
      sendable: false,
      suppression: { type: 'manual', reason: 'asked by phone', suppressedAt: expect.any(String) },
      senderBlocks: [{ reason: 'blocked', count: 1 }],
      soft: { total: 0, clearedAt: expect.any(String) },
    });
    expect(suppressions[0]).toMatchObject({ type: 'hard', liftedAt: expect.any(String), note: 'recreated' });
    expect(records.map((r: { messageId: number; eventAt: string }) => typeof r.messageId + typeof r.eventAt)).toEqual(['numberstring', 'numberstring']);
    expect(manual.map((m: { action: string; actor: string | null }) => `${m.action} ${m.actor}`)).toEqual(['unsuppress null', 'suppress ui:alice']);
    // the sender blocks of GET /v1/stats count the same way
    expect((await api('/v1/stats')).senderBlocks).toEqual([{ domain: 'dest.example', reason: 'blocked', count: 1 }]);
  });

  it('the OpenAPI document publishes the shapes and refers to them', async () => {
    const doc = await api('/v1/openapi.json');
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Suppression', 'SuppressionHistory', 'Record', 'AddressCheck', 'AddressHistory']));
    expect(doc.components.schemas.AddressHistory.properties.records.items).toEqual({ $ref: '#/components/schemas/Record' });
    expect(doc.components.schemas.AddressHistory.required).toEqual(expect.arrayContaining(['senderBlocks', 'suppressions']));
    expect(doc.paths['/v1/bounces'].get.responses['200'].content['application/json'].schema.properties.items.items).toEqual({ $ref: '#/components/schemas/Record' });
  });
});
