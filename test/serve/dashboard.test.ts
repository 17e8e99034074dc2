// `rebound serve` with the dashboard configured, as the built CLI runs it: the dashboard answers on
// the API's port behind its own sign-in, its status shows the running service, and blocks arriving
// by SMTP raise an alert on the signals' timer, sent as a signed `alert.raised` webhook event.
import { describe, it, expect, afterEach, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { blocked } from '../helpers.js';
import { buildCli, spawnServe, type ServeProcess } from '../helpers/cli-process.js';
import { freePort } from '../helpers/ports.js';
import { startReceiver, type Receiver } from '../http/helpers.js';

// compiling the CLI and starting a real server: slow when the suite runs in parallel
vi.setConfig({ testTimeout: 180_000 });
const ADMIN = 'admin-token-0123456789';
let dir: string | undefined;
let receiver: Receiver | undefined;
let serve: ServeProcess | undefined;
afterEach(async () => {
  if (serve && serve.child.exitCode === null && serve.child.signalCode === null) serve.child.kill('SIGKILL');
  await receiver?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  serve = receiver = dir = undefined;
});

describe('rebound serve with the dashboard', () => {
  it('serves it behind its sign-in and raises alerts on its timer', async () => {
    const cli = buildCli('test-serve-dashboard');
    dir = mkdtempSync(join(tmpdir(), 'rebound-dashboard-'));
    receiver = await startReceiver();
    const [smtpPort, httpPort] = [await freePort(), await freePort()];
    const file = join(dir, 'rebound.toml');
    writeFileSync(
      file,
      `
[store]
path = "${join(dir, 'r.db')}"
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
  });
});
