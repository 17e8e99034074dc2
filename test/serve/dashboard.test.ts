// `rebound serve` with the dashboard configured, as the built CLI runs it, on each backend (a
// PostgreSQL store included: serve starts, no longer refusing it): the dashboard answers on the
// API's port behind its own sign-in, its status shows the running service, blocks arriving by SMTP
// raise an alert on the signals' timer (the lease holder's), sent as a signed `alert.raised` webhook
// event, and in Chromium a person signed in sees the suppression and the records serve ingested.
import { it, expect, afterEach, beforeAll, vi } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createTransport } from 'nodemailer';
import { blocked, hard } from '../helpers.js';
import { describeBackends } from '../helpers/backends.js';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { until } from '../helpers/until.js';
// @ts-expect-error: a plain .mjs script without types
import { buildUi } from '../../scripts/build-ui.mjs';
import { buildCli, spawnServe, type ServeProcess, killServe } from '../helpers/cli-process.js';
import { freePort } from '../helpers/ports.js';
import { startReceiver, type Receiver } from '../http/helpers.js';
import { StatusShape } from '../../src/present/status.js';

// compiling the CLI and starting a real server: slow when the suite runs in parallel
vi.setConfig({ testTimeout: 180_000 });
const ADMIN = 'admin-token-0123456789';
let dir: string | undefined;
let receiver: Receiver | undefined;
let serve: ServeProcess | undefined;
let database: TestDatabase | undefined;
afterEach(async () => {
  killServe(serve);
  await receiver?.close();
  await database?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  serve = receiver = dir = database = undefined;
});

const CHROMIUM = '/usr/bin/chromium';
let cli: string;
beforeAll(async () => {
  // once for both backends
  cli = buildCli('test-serve-dashboard');
  // the compiled CLI reads its dashboard three levels above its http/ui/ (assets.ts): .tmp/dist/ui
  await buildUi(join(dirname(cli), '..', 'dist', 'ui'));
}, 300_000);

describeBackends('rebound serve with the dashboard', (backend) => {
  it('serves it behind its sign-in and raises alerts on its timer', async () => {
    database = backend === 'postgres' ? await freshDatabase() : undefined;
    dir = mkdtempSync(join(tmpdir(), 'rebound-dashboard-'));
    receiver = await startReceiver();
    const [smtpPort, httpPort] = [await freePort(), await freePort()];
    const file = join(dir, 'rebound.toml');
    writeFileSync(
      file,
      `
[store]
path = "${join(dir, 'r.db')}"
${database ? `url = "${database.url}"` : ''}
[smtp]
port = ${smtpPort}
domains = ["bounce.test"]
[http]
port = ${httpPort}
token = "api-token-0123456789"
[webhook]
urls = ["${receiver.url}"]
secret = "webhook-secret-0123456789"
events = ["alert.raised", "alert.cleared"]
pollIntervalMs = 100
[[ui.tokens]]
name = "alice"
role = "admin"
token = "${ADMIN}"
[ui.signals]
intervalSeconds = 1
blockMin = 2
`,
    );
    serve = await spawnServe(cli, ['--config', file, 'serve'], {});
    const base = `http://127.0.0.1:${httpPort}`;
    expect(serve.lines.find((l) => l.msg === 'HTTP API listening')).toMatchObject({ dashboard: `${base}/ui/` });

    expect((await fetch(`${base}/ui/api/status`)).status).toBe(401);
    const signIn = await fetch(`${base}/ui/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: ADMIN }) });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const status = (await (await fetch(`${base}/ui/api/status`, { headers: { cookie } })).json()) as { spooler: string; pendingMessages: number; webhookUrls: number };
    expect(status).toMatchObject({ spooler: 'worker', webhookUrls: 1 });

    // two blocks from one provider by SMTP: the next evaluation raises the alert
    const t = createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    for (const rcpt of ['a@gmail.com', 'b@gmail.com']) await t.sendMail({ envelope: { from: '', to: ['bounces@bounce.test'] }, raw: blocked(rcpt) });
    t.close();
    await receiver.waitFor(1, 20_000);
    const ev = JSON.parse(receiver.received[0]!.body) as { type: string; data: Record<string, unknown> };
    expect(ev).toMatchObject({ type: 'alert.raised', data: { signal: 'reputation', subject: 'google', count: 2 } });
    expect(serve.lines.some((l) => l.msg === 'alert raised' && l.signal === 'reputation')).toBe(true);
    expect(serve.lines.find((l) => l.msg === 'HTTP API listening')).toBeDefined();
    // the host running the signals' timer holds their lease: GET /v1/status and the Status page name it
    const shared = StatusShape.parse(await (await fetch(`${base}/v1/status`, { headers: { authorization: 'Bearer api-token-0123456789' } })).json());
    expect(shared.hosts).toHaveLength(1);
    expect(shared.signalsLeader).toMatchObject({ owner: shared.hosts[0]!.id, expired: false });
    expect(shared.exportsLeader).toBeNull();
    const page = (await (await fetch(`${base}/ui/api/status`, { headers: { cookie } })).json()) as { signalsLeader: unknown };
    expect(page.signalsLeader).toMatchObject({ owner: shared.hosts[0]!.id, expired: false });

    // a hard bounce by SMTP, then a person in Chromium sees its suppression and its record
    const mail = createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    await mail.sendMail({ envelope: { from: '', to: ['bounces@bounce.test'] }, raw: hard('gone@dest.example') });
    mail.close();
    const api = { authorization: 'Bearer api-token-0123456789' };
    await until(async () => (await fetch(`${base}/v1/suppressions/gone@dest.example`, { headers: api })).status, (s) => s === 200, { label: 'the suppression' });
    if (!existsSync(CHROMIUM)) return;
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      await page.goto(`${base}/ui/`);
      await page.getByLabel('Access token').fill(ADMIN);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Pages' }).waitFor();
      await page.evaluate(() => ((globalThis as unknown as { location: { hash: string } }).location.hash = '#/suppressions'));
      await page.locator('main[data-page="suppressions"] tbody tr', { hasText: 'gone@dest.example' }).waitFor();
      await page.evaluate(() => ((globalThis as unknown as { location: { hash: string } }).location.hash = '#/address/gone%40dest.example'));
      await page.locator('main[data-page="address"]').waitFor();
      await expect(page.locator('#address-state').textContent()).resolves.toContain('Suppressed: hard');
      // the overview counts what serve wrote: the two blocks and the hard bounce
      const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      const o = await page.evaluate(async (u) => (await (await fetch(u)).json()) as { totals: Record<string, number>; top: { domain: Array<{ key: string }> } }, `/ui/api/overview?from=${day(Date.now() - 86_400_000)}&to=${day(Date.now() + 86_400_000)}`);
      expect(o.totals.hard + o.totals.soft).toBe(3);
      expect(o.top.domain.map((d) => d.key).sort()).toEqual(['dest.example', 'gmail.com']);
    } finally {
      await browser.close();
    }
  });
});
