// The CLI on a PostgreSQL store (REBOUND_STORE_URL): the commands that go through the store port
// answer from PostgreSQL as they do from SQLite.
// (ingest and export run on both backends in test/ingest/cli.test.ts and test/export/; serve with
// the dashboard on both in test/serve/dashboard.test.ts.)
import { afterAll, beforeAll, expect } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { itNeeds } from '../helpers/integration.js';
import { freshDatabase, postgresMissing, type TestDatabase } from '../helpers/postgres.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { hard } from '../helpers.js';

const missing = await postgresMissing();
const it = itNeeds(missing);
let database: TestDatabase | undefined;
let dir: string;

beforeAll(async () => {
  if (missing) return;
  ensureBuilt(['store/pg/port.js']);
  database = await freshDatabase();
  dir = mkdtempSync(join(tmpdir(), 'rebound-cli-pg-'));
}, 120_000);

afterAll(async () => {
  await database?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('suppress, check, show, unsuppress, stats, ingest, export, reparse and subscriptions answer from PostgreSQL', async () => {
  // no SQLite file anywhere: the store is PostgreSQL
  const env = { REBOUND_STORE_URL: database!.url, REBOUND_DB_PATH: join(dir, 'absent', 'rebound.db') };
  const sup = await runCli(['suppress', 'ceo@dest.example', '--reason', 'asked by phone'], env);
  expect([sup.status, sup.stdout, sup.stderr]).toEqual([0, 'ceo@dest.example suppressed (manual: asked by phone)\n', '']);
  const check = await runCli(['check', 'ceo@dest.example', '--json'], env);
  expect(check.status).toBe(1);
  expect(JSON.parse(check.stdout)).toMatchObject({ address: 'ceo@dest.example', sendable: false, suppression: { type: 'manual', reason: 'asked by phone' } });
  const stats = await runCli(['stats', '--json'], env);
  expect(JSON.parse(stats.stdout)).toMatchObject({ messages: 0, suppressions: 1, suppressionsByType: { manual: 1 } });
  const un = await runCli(['unsuppress', 'ceo@dest.example', '--note', 'changed their mind'], env);
  expect([un.status, un.stdout]).toEqual([0, 'ceo@dest.example is no longer suppressed\n']);
  const show = await runCli(['show', 'ceo@dest.example', '--json'], env);
  expect(JSON.parse(show.stdout).manual).toHaveLength(2);

  const file = join(dir, 'hard.eml');
  writeFileSync(file, hard('gone@dest.example'));
  const ingested = await runCli(['ingest', file, '--json'], env);
  expect([ingested.status, JSON.parse(ingested.stdout)]).toMatchObject([0, { messages: 1, new: 1, suppressed: 1 }]);
  const exported = await runCli(['export', '--format', 'txt'], env);
  expect([exported.status, exported.stdout]).toEqual([0, 'gone@dest.example\n']);
  const subscriptions = await runCli(['subscriptions', '--json'], env);
  expect([subscriptions.status, JSON.parse(subscriptions.stdout)]).toEqual([0, { items: [] }]);
  const reparsed = await runCli(['reparse', '--all', '--json'], env);
  expect([reparsed.status, JSON.parse(reparsed.stdout)]).toEqual([0, { messages: 1, changed: [], suppressions: [] }]);
  const bad = await runCli(['check', 'a@b.example'], { REBOUND_STORE_URL: 'mysql://localhost/x' });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/REBOUND_STORE_URL.*PostgreSQL URL/);
}, 120_000);
