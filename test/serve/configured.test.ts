// `rebound serve` from a configuration file, as the built CLI runs it (the spool worker thread
// included): a real SMTP client sends a hard bounce, a real HTTP receiver gets the signed webhook
// event, GET /metrics parses as Prometheus text with the counters moved, the scheduled export file
// appears, and a mailbox at a closed port is counted as IMAP errors. With Dovecot, a bounce taken
// from a mailbox (the pollers' own store handle) reaches the webhooks and the metrics too.
import { describe, it, expect, afterEach } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { complaint, hard } from '../helpers.js';
import { buildCli, spawnServe, type ServeProcess, killServe } from '../helpers/cli-process.js';
import { freePort } from '../helpers/ports.js';
import { RawSmtp } from '../helpers/smtp-client.js';
import { parsePrometheus, sampleValue, startReceiver, type Receiver } from '../http/helpers.js';
import { verifySignature } from '../../src/webhooks/sign.js';
import { dovecotMissing, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { append } from '../helpers/imap.js';
import { itNeeds } from '../helpers/integration.js';

const TOKEN = 'metrics-token-0123456789';
const SECRET = 'webhook-secret-0123456789';

let cli: string | undefined;
let dir: string | undefined;
let receiver: Receiver | undefined;
let serve: ServeProcess | undefined;
let dovecot: Dovecot | undefined;
afterEach(async () => {
  killServe(serve);
  await receiver?.close();
  await dovecot?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
  serve = receiver = dovecot = dir = undefined;
});

interface Started {
  smtpPort: number;
  httpPort: number;
  exportPath: string;
  scrape(): Promise<ReturnType<typeof parsePrometheus>['samples']>;
}

/** Write the configuration file (with `extra` TOML appended) and start serve on it. */
async function start(extra = ''): Promise<Started> {
  cli ??= buildCli('test-serve-configured');
  dir = mkdtempSync(join(tmpdir(), 'rebound-configured-'));
  receiver = await startReceiver();
  const [smtpPort, httpPort] = [await freePort(), await freePort()];
  const exportPath = join(dir, 'out', 'rebound_access');
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
token = "${TOKEN}"

[webhook]
urls = ["${receiver.url}"]
secret = "${SECRET}"
pollIntervalMs = 100

[export]
intervalSeconds = 1
path = "${exportPath}"
format = "postfix"
${extra}`,
  );
  serve = await spawnServe(cli, ['--config', file, 'serve'], {});
  const scrape = async () => {
    const r = await fetch(`http://127.0.0.1:${httpPort}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheus(await r.text()).samples;
  };
  return { smtpPort, httpPort, exportPath, scrape };
}

/** The events the receiver got, each checked against its signature. */
function events(r: Receiver): Array<{ type: string; data: Record<string, any> }> {
  return r.received.map((x) => {
    expect(verifySignature(SECRET, x.headers['rebound-signature'] as string, x.body)).toBe(true);
    return JSON.parse(x.body);
  });
}

describe('rebound serve configured by a file', () => {
  it('runs the API, webhooks, exports and metrics beside the SMTP listener', async () => {
    const closed = await freePort(); // nothing listens there
    const s = await start(`
[[imap]]
name = "dead-mailbox"
host = "127.0.0.1"
port = ${closed}
secure = false
user = "bounces"
pass = "password"
`);
    const started = serve!.lines.find((l) => l.msg === 'rebound serve started');
    expect(started).toMatchObject({ spooler: 'worker', http: `http://127.0.0.1:${s.httpPort}`, webhookUrls: 1, imapMailboxes: ['dead-mailbox'] });

    // the API needs the token, /metrics too
    expect((await fetch(`http://127.0.0.1:${s.httpPort}/metrics`)).status).toBe(401);
    const before = await s.scrape();
    expect(sampleValue(before, 'rebound_messages_total')).toBe(0);
    expect(sampleValue(before, 'rebound_smtp_sessions_total')).toBe(0);

    // a hard bounce by SMTP (nodemailer, as a sending MTA's client would), and one refused recipient
    const t = createTransport({ host: '127.0.0.1', port: s.smtpPort, secure: false, ignoreTLS: true });
    await t.sendMail({ envelope: { from: '', to: ['bounces@bounce.test'] }, raw: hard('gone@dest.example') });
    t.close();
    const { client } = await RawSmtp.open(s.smtpPort);
    await client.cmd('EHLO client.test');
    await client.cmd('MAIL FROM:<>');
    expect(await client.cmd('RCPT TO:<someone@elsewhere.example>')).toMatchObject({ code: 550 });
    await client.quit();

    // the webhook receiver gets the signed suppression.created event (processed on the worker thread)
    await receiver!.waitFor(1, 15_000);
    const [ev] = events(receiver!);
    expect(receiver!.received[0]!.headers['rebound-event']).toBe('suppression.created');
    expect(ev).toMatchObject({ type: 'suppression.created', data: { address: 'gone@dest.example', type: 'hard', change: 'new', cause: { source: 'smtp', status: '5.1.1' } } });

    // a complaint through the API (the main thread's handle) makes the second event
    const post = await fetch(`http://127.0.0.1:${s.httpPort}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'message/rfc822' },
      body: complaint('reader@dest.example', 'abuse'),
    });
    expect(post.status).toBe(201);
    await receiver!.waitFor(2, 15_000);
    expect(events(receiver!)[1]).toMatchObject({ type: 'suppression.created', data: { address: 'reader@dest.example', type: 'complaint', cause: { source: 'http' } } });

    // the scheduled export writes both (every second, when changed)
    await expect.poll(() => (existsSync(s.exportPath) ? readFileSync(s.exportPath, 'utf8') : ''), { timeout: 10_000 }).toMatch(/reader@dest\.example/);
    const exported = readFileSync(s.exportPath, 'utf8');
    expect(exported).toMatch(/^gone@dest\.example REJECT /m);
    expect(exported).toMatch(/^reader@dest\.example REJECT /m);

    // the counters moved; the mailbox at a closed port is counted as failing
    let m = await s.scrape();
    await expect
      .poll(async () => {
        m = await s.scrape();
        return sampleValue(m, 'rebound_smtp_sessions_total');
      }, { timeout: 5_000 })
      .toBe(2);
    expect(sampleValue(m, 'rebound_smtp_sessions_total', { outcome: 'accepted' })).toBe(1);
    expect(sampleValue(m, 'rebound_smtp_sessions_total', { outcome: 'refused' })).toBe(1);
    expect(sampleValue(m, 'rebound_smtp_refusals_total', { cause: 'foreign-domain' })).toBe(1);
    expect(sampleValue(m, 'rebound_messages_total', { source: 'smtp', kind: 'bounce', status: 'parsed' })).toBe(1);
    expect(sampleValue(m, 'rebound_messages_total', { source: 'http', kind: 'complaint' })).toBe(1);
    expect(sampleValue(m, 'rebound_bounces_total', { type: 'hard', reason: 'userunknown' })).toBe(1);
    expect(sampleValue(m, 'rebound_suppressions_created_total', { type: 'hard' })).toBe(1);
    expect(sampleValue(m, 'rebound_suppressions_created_total', { type: 'complaint' })).toBe(1);
    expect(sampleValue(m, 'rebound_suppressions', { type: 'hard' })).toBe(1);
    expect(sampleValue(m, 'rebound_webhook_deliveries_total', { outcome: 'delivered' })).toBe(2);
    expect(sampleValue(m, 'rebound_export_runs_total', { path: s.exportPath, result: 'written' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(m, 'rebound_database_bytes')).toBeGreaterThan(0);
    expect(sampleValue(m, 'rebound_imap_errors_total', { mailbox: 'dead-mailbox' })).toBeGreaterThanOrEqual(1);
    expect(m.find((x) => x.name === 'rebound_imap_lag_seconds' && x.labels.mailbox === 'dead-mailbox')?.value).toBeGreaterThan(0);

    serve!.child.kill('SIGTERM');
    expect(await serve!.exited).toEqual({ code: 0, signal: null });
    expect(serve!.lines.some((l) => l.msg === 'rebound serve stopped')).toBe(true);
  }, 300_000); // the first test compiles the CLI (a minute or more under load)

  itNeeds(dovecotMissing())(
    'a bounce from a polled mailbox reaches the webhooks and the metrics (the pollers’ own store handle)',
    async () => {
      dovecot = await startDovecot();
      await append(dovecot, 'INBOX', [hard('by-imap@dest.example')]);
      const d = dovecot;
      const s = await start(`
[[imap]]
name = "bounces"
host = "${d.host}"
port = ${d.port}
secure = false
user = "${d.user}"
pass = "${d.pass}"
pollIntervalMs = 200
`);
      await receiver!.waitFor(1, 15_000);
      expect(events(receiver!)[0]).toMatchObject({ type: 'suppression.created', data: { address: 'by-imap@dest.example', cause: { source: 'imap' } } });
      const m = await s.scrape();
      expect(sampleValue(m, 'rebound_messages_total', { source: 'imap', kind: 'bounce' })).toBe(1);
      expect(sampleValue(m, 'rebound_suppressions_created_total', { type: 'hard' })).toBe(1);
      expect(sampleValue(m, 'rebound_imap_errors_total', { mailbox: 'bounces' })).toBe(0);
      expect(m.find((x) => x.name === 'rebound_imap_waiting_messages' && x.labels.mailbox === 'bounces')).toBeDefined();
      serve!.child.kill('SIGTERM');
      expect(await serve!.exited).toEqual({ code: 0, signal: null });
    },
    300_000,
  );

  it('serves provider events ([events]) and forwards records to listmonk ([forward.listmonk]), from the API and from the spool worker', async () => {
    const listmonk = await startReceiver('/webhooks/bounce');
    try {
      const root = listmonk.url.replace(/\/webhooks\/bounce$/, '');
      const s = await start(`
[events.postmark]
username = "postmark"
password = "postmark-password-0123"

[forward.listmonk]
url = "${root}"
username = "rebound"
token = "listmonk-token"
`);
      const pm = await fetch(`http://127.0.0.1:${s.httpPort}/v1/events/postmark`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from('postmark:postmark-password-0123').toString('base64')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ RecordType: 'Bounce', ID: 42, Type: 'HardBounce', TypeCode: 1, Email: 'pm@dest.example', Details: 'smtp;550 5.1.1 user unknown', BouncedAt: '2024-05-06T10:00:00Z' }),
      });
      expect(pm.status).toBe(200);
      expect(await pm.json()).toMatchObject({ new: 1, suppressed: ['pm@dest.example'] });
      // a bounce by SMTP is processed on the spool worker's thread: it is forwarded too
      const t = createTransport({ host: '127.0.0.1', port: s.smtpPort, secure: false, ignoreTLS: true });
      await t.sendMail({ envelope: { from: '', to: ['bounces@bounce.test'] }, raw: hard('smtp@dest.example') });
      t.close();
      await listmonk.waitFor(2, 15_000);
      const got = listmonk.received.map((r) => ({ auth: r.headers.authorization, body: JSON.parse(r.body) }));
      expect(got.map((g) => g.body.email).sort()).toEqual(['pm@dest.example', 'smtp@dest.example']);
      expect(got.every((g) => g.auth === `Basic ${Buffer.from('rebound:listmonk-token').toString('base64')}` && g.body.type === 'hard' && g.body.source === 'rebound')).toBe(true);
      serve!.child.kill('SIGTERM');
      expect(await serve!.exited).toEqual({ code: 0, signal: null });
    } finally {
      await listmonk.close();
    }
  }, 180_000); // the CLI is built first when this test runs alone
});
