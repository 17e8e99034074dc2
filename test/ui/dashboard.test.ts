// The dashboard end to end in Debian's Chromium (playwright-core, never a downloaded browser),
// against a real server and a real store filled by ingesting the fixtures, on each backend (SQLite,
// and PostgreSQL through the store port as several hosts share it): signing in and
// out, roles, CSRF, the sign-in rate limit, search and paging, unsuppress with a note, every chart
// drawn, a hostile bounce shown inert, the review queue and a rule written from it, the signals. A screenshot of every page
// is saved (REBOUND_UI_SCREENSHOTS=docs/screenshots writes the README's).
import { expect, beforeAll, afterAll, vi } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startHttp, type HttpServer } from '../../src/http/server.js';
import { parseHttpSettings } from '../../src/config/http.js';
import { parseUiSettings } from '../../src/config/ui.js';
import { parseWebhookSettings } from '../../src/config/webhooks.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import { anonymousDsn, blocked, dsn, hard } from '../helpers.js';
import { type BackendStore, backendStore, describeBackends } from '../helpers/backends.js';
import { sql } from 'kysely';
import type { IngestMeta } from '../../src/pipeline/ingest.js';
import { capturingLogger, parsePrometheus } from '../http/helpers.js';
import { FORMATS } from '../../src/export/formats.js';
import { itNeeds } from '../helpers/integration.js';
// @ts-expect-error: a plain .mjs script without types
import { buildUi } from '../../scripts/build-ui.mjs';

// the page's globals, inside page.evaluate (the tests are type-checked without the DOM library)
declare const document: any, window: any, location: any; // eslint-disable-line @typescript-eslint/no-explicit-any

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const CHROMIUM = '/usr/bin/chromium';
const it = itNeeds(existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (apt-get install chromium)`);
const ADMIN = 'admin-token-0123456789';
const VIEWER = 'viewer-token-0123456789';
const FIXTURES = fileURLToPath(new URL('../../fixtures/dsn/', import.meta.url));
const SHOTS = process.env.REBOUND_UI_SCREENSHOTS || mkdtempSync(join(tmpdir(), 'rebound-shots-'));

/** A bounce whose every readable part tries to run a script or load something. */
const EVIL = "<script>top.__pwned=1;alert('x')</script><img src=x onerror=\"top.__pwned=1;alert('y')\"><a href=\"javascript:top.__pwned=1;alert('z')\">click</a>";
function hostileBounce(rcpt: string, pixel: string): Buffer {
  return Buffer.from(
    [
      'From: MAILER-DAEMON@mx.evil.example',
      'To: bounces@sender.example',
      `Subject: Undelivered ${EVIL}`,
      'Message-ID: <evil-1@mx.evil.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      '',
      '--B',
      'Content-Type: multipart/alternative; boundary="A"',
      '',
      '--A',
      'Content-Type: text/plain',
      '',
      `Delivery failed. ${EVIL}`,
      '--A',
      'Content-Type: text/html',
      '',
      `<html><body><p>Delivery failed</p>${EVIL}<iframe src="javascript:top.__pwned=1"></iframe><img src="${pixel}"><link rel="stylesheet" href="${pixel}"></body></html>`,
      '--A--',
      '',
      '--B',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.evil.example',
      '',
      `Final-Recipient: rfc822; ${rcpt}`,
      'Action: failed',
      'Status: 5.1.1',
      `Diagnostic-Code: smtp; 550 5.1.1 ${EVIL}`,
      '',
      '--B--',
      '',
    ].join('\r\n'),
  );
}

let t: BackendStore;
let http: HttpServer;
/** a server the hostile bounce's HTML points its image at: it must never be asked */
let trap: Server;
let trapHits = 0;
let trapUrl = '';
let metrics: Metrics;
let browser: Browser | undefined;
const log = capturingLogger();
const HOUR = 3_600_000;
/** the rule file the dashboard writes into (one of the store's rule files) */
const RULES_DIR = mkdtempSync(join(tmpdir(), 'rebound-rules-'));
const RULES_FILE = join(RULES_DIR, 'local.toml');
const RULES_TEXT = '# our own rules\n# (kept as they are when the dashboard adds one)\n\n[[phrase]]\nreason = "blocked"\ntext = "go away, we are closed"\n';

const ingest = (raw: Buffer, meta: IngestMeta) => t.ctx.port.ingest(raw, meta);
const idOf = async (ref: string) => (await t.db.selectFrom('messages').select('id').where('source_ref', '=', ref).executeTakeFirstOrThrow()).id;

describeBackends('the dashboard in Chromium', (backend) => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) return;
    const now = Date.now();
    mkdirSync(RULES_DIR, { recursive: true });
    writeFileSync(RULES_FILE, RULES_TEXT);
    trapHits = 0;
    t = await backendStore(backend, { now0: new Date(now).toISOString(), rules: [RULES_FILE] });
    // the fixtures spread over the last five days, as if they came in then
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.eml')).sort();
    for (const [i, f] of files.entries()) {
      const at = new Date(now - 2 * HOUR - ((i * 7) % 110) * HOUR).toISOString();
      await ingest(readFileSync(join(FIXTURES, f)), { source: 'file', sourceRef: f, receivedAt: at });
    }
    for (let i = 0; i < 30; i++) {
      await ingest( hard(`user${String(i).padStart(2, '0')}@many.example`), { source: 'file', sourceRef: 'many', receivedAt: new Date(now - 26 * HOUR + i * 60_000).toISOString() });
    }
    // the last hour: blocks from one provider, which the signals see
    for (let i = 0; i < 3; i++) await ingest(blocked(`b${i}@gmail.com`), { source: 'file', sourceRef: 'blocks', receivedAt: new Date(now - 10 * 60_000 + i * 1000).toISOString() });
    await ingest(anonymousDsn('anon-1'), { source: 'file', sourceRef: 'anon', receivedAt: new Date(now - 4 * HOUR).toISOString() });
    await ingest(dsn('nobody@dest.example', { status: '5.0.0', diagnostic: 'something odd happened' }), { source: 'file', sourceRef: 'odd', receivedAt: new Date(now - 5 * HOUR).toISOString() });
    // replies no rule knows, twice: a rule written from one classifies both
    for (const [i, who] of ['ann', 'bob'].entries()) {
      const diagnostic = `550 5.0.0 <${who}@frob.example>: the frobnicator declined this envelope, its tray is stuffed`;
      await ingest(dsn(`${who}@frob.example`, { status: '5.0.0', diagnostic }), { source: 'file', sourceRef: `frob-${i}`, receivedAt: new Date(now - 6 * HOUR - i * HOUR).toISOString() });
    }

    trap = createServer((_req, res) => {
      trapHits++;
      res.end();
    });
    await new Promise<void>((r) => trap.listen(0, '127.0.0.1', r));
    trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}/pixel.gif`;
    await ingest(hostileBounce('victim@evil.example', trapUrl), { source: 'file', sourceRef: 'evil', receivedAt: new Date(now - 3 * HOUR).toISOString() });
    const assetsDir = await buildUi(mkdtempSync(join(tmpdir(), 'rebound-ui-')));
    metrics = createMetrics({ processMetrics: false });
    const ui = parseUiSettings({
      tokens: [
        { name: 'alice', role: 'admin', token: ADMIN },
        { name: 'victor', role: 'viewer', token: VIEWER },
      ],
      signInAttemptsPerMinute: 3,
      signals: { blockMin: 3, intervalSeconds: 0 },
      rulesFile: RULES_FILE,
    });
    const webhook = parseWebhookSettings({ urls: ['http://127.0.0.1:9/hook'], secret: 'webhook-secret-0123456789', events: ['alert.raised', 'alert.cleared'] });
    http = await startHttp(t.ctx, parseHttpSettings({ port: 0, token: 'api-token-0123456789' }), { logger: log.logger, metrics, ui: { settings: ui, webhook, assetsDir } });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await http?.stop();
    trap?.close();
    await t?.cleanup();
    rmSync(RULES_DIR, { recursive: true, force: true });
  });

  interface Session {
    context: BrowserContext;
    page: Page;
    dialogs: string[];
    /** responses the page got from anywhere but the server */
    outside: string[];
  }

  async function signIn(token: string, viewport = { width: 1280, height: 860 }): Promise<Session> {
    const context = await browser!.newContext({ viewport });
    const page = await context.newPage();
    const s: Session = { context, page, dialogs: [], outside: [] };
    page.on('dialog', (d) => {
      s.dialogs.push(d.message());
      void d.dismiss();
    });
    context.on('response', (r) => {
      if (!r.url().startsWith(http.address)) s.outside.push(r.url());
    });
    await page.goto(`${http.address}/ui/`);
    await page.getByLabel('Access token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Pages' }).waitFor();
    return s;
  }

  async function open(page: Page, hash: string, name: string) {
    await page.evaluate((h) => (location.hash = h), hash);
    await page.locator(`main[data-page="${name}"]`).waitFor();
  }

  async function shot(page: Page, name: string) {
    const file = join(SHOTS, `${name}.png`);
    await page.screenshot({ path: file, fullPage: false });
    expect(statSync(file).size).toBeGreaterThan(5_000);
  }

  const csrfFetch = (page: Page, method: string, path: string, body: unknown, csrf: string | null) =>
    page.evaluate(
      async ({ method, path, body, csrf }) => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (csrf !== null) headers['x-csrf-token'] = csrf;
        const r = await fetch(path, { method, headers, body: JSON.stringify(body) });
        return { status: r.status, body: (await r.json()) as { error?: string } };
      },
      { method, path, body, csrf },
    );

    it('signs in with a token into an httpOnly SameSite=Strict session under a strict CSP, and out again', async () => {
      const res = await fetch(`${http.address}/ui/`);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      // the page itself has no inline script
      expect(await res.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);

      const s = await signIn(ADMIN);
      await shot(s.page, 'overview');
      const [cookie] = await s.context.cookies();
      expect(cookie).toMatchObject({ name: 'rebound_session', httpOnly: true, sameSite: 'Strict', path: '/ui' });
      expect(await s.page.evaluate(() => document.cookie)).toBe(''); // no script can read it
      await s.page.reload(); // the session outlives the page
      await s.page.getByRole('navigation', { name: 'Pages' }).waitFor();
      await s.page.getByRole('button', { name: 'Sign out' }).click();
      await s.page.getByLabel('Access token').waitFor();
      const after = await s.page.evaluate(async () => (await fetch('/ui/api/session')).status);
      expect(after).toBe(401);
      await shot(s.page, 'sign-in');
      // the API's bearer token is not a way in, and the dashboard's cookie is no API token
      expect((await fetch(`${http.address}/ui/api/overview`, { headers: { authorization: 'Bearer api-token-0123456789' } })).status).toBe(401);
      await s.context.close();
    });

    it('refuses a write without the CSRF token, and a viewer\'s write', async () => {
      const admin = await signIn(ADMIN);
      const csrf = await admin.page.evaluate(async () => ((await (await fetch('/ui/api/session')).json()) as { csrf: string }).csrf);
      const none = await csrfFetch(admin.page, 'PUT', '/ui/api/suppressions/ceo%40other.example', { reason: 'asked' }, null);
      expect(none).toEqual({ status: 403, body: expect.objectContaining({ error: 'csrf' }) });
      const wrong = await csrfFetch(admin.page, 'PUT', '/ui/api/suppressions/ceo%40other.example', { reason: 'asked' }, 'not-the-token');
      expect(wrong.status).toBe(403);
      const history = await admin.page.evaluate(async () => (await (await fetch('/ui/api/addresses/ceo%40other.example')).json()) as { sendable: boolean });
      expect(history.sendable).toBe(true); // nothing was written
      const ok = await csrfFetch(admin.page, 'PUT', '/ui/api/suppressions/ceo%40other.example', { reason: 'asked by phone' }, csrf);
      expect(ok).toMatchObject({ status: 200, body: { outcome: "suppressed" } });
      await admin.context.close();

      const viewer = await signIn(VIEWER);
      const vcsrf = await viewer.page.evaluate(async () => ((await (await fetch('/ui/api/session')).json()) as { csrf: string }).csrf);
      await open(viewer.page, '#/address/ceo%40other.example', 'address');
      await expect(viewer.page.locator('#address-state').textContent()).resolves.toContain('Suppressed');
      // no unsuppress form for a viewer, and the server refuses it anyway
      expect(await viewer.page.locator('#lift').count()).toBe(0);
      const refused = await csrfFetch(viewer.page, 'POST', '/ui/api/suppressions/ceo%40other.example/lift', { note: 'let me' }, vcsrf);
      expect(refused).toEqual({ status: 403, body: expect.objectContaining({ error: 'forbidden' }) });
      await open(viewer.page, '#/suppressions', 'suppressions');
      expect(await viewer.page.locator('#new-address').count()).toBe(0);
      await viewer.context.close();
    });

    it('searches, sorts and pages suppressions on the server, and offers every export layout', async () => {
      const s = await signIn(ADMIN);
      await open(s.page, '#/suppressions?domain=many.example&sort=address&dir=asc', 'suppressions');
      await expect(s.page.locator('#page-info').textContent()).resolves.toBe('1–25 of 30');
      const first = await s.page.locator('tbody tr td:first-child').allTextContents();
      expect(first.slice(0, 2)).toEqual(['user00@many.example', 'user01@many.example']);
      await shot(s.page, 'suppressions');
      await s.page.getByRole('button', { name: 'Next →' }).click();
      await s.page.locator('#page-info', { hasText: '26–30 of 30' }).waitFor();
      expect(await s.page.locator('tbody tr').count()).toBe(5);
      // the address column again: descending, from the first page
      await s.page.getByRole('button', { name: /^Address/ }).click();
      await s.page.locator('th button[aria-sort="descending"]').waitFor();
      await s.page.locator('#page-info', { hasText: '1–25 of 30' }).waitFor();
      await expect(s.page.locator('tbody tr td:first-child').first().textContent()).resolves.toBe('user29@many.example');
      // the search form
      await s.page.getByLabel('Address starts with').fill('user1');
      await s.page.getByRole('button', { name: 'Search' }).click();
      await s.page.locator('#page-info', { hasText: '1–10 of 10' }).waitFor();
      // a download in the chosen layout, through the session
      await s.page.getByLabel('Layout').selectOption('postfix');
      const href = await s.page.locator('#download').getAttribute('href');
      const text = await s.page.evaluate(async (u) => (await fetch(u!)).text(), href);
      expect(text).toContain('user00@many.example REJECT');
      // every layout offered is one the server makes
      const offered = await s.page.locator('#f-format option').evaluateAll((os) => os.map((o: any) => o.value as string));
      expect(offered.sort()).toEqual([...FORMATS].sort());
      for (const f of offered) expect(await s.page.evaluate(async (u) => (await fetch(u)).status, `/ui/api/export?format=${f}`), f).toBe(200);
      await s.context.close();
    });

    it('unsuppresses with a note, which the address\'s history shows with who did it', async () => {
      const s = await signIn(ADMIN);
      await open(s.page, '#/address/user00%40many.example', 'address');
      await expect(s.page.locator('#address-state').textContent()).resolves.toContain('Suppressed: hard');
      await s.page.getByLabel('Note (why it may be sent to again)').fill('customer fixed their mailbox');
      await s.page.getByRole('button', { name: 'Unsuppress' }).click();
      await s.page.locator('#address-state', { hasText: 'Sendable' }).waitFor();
      const history = await s.page.locator('#manual-history').textContent();
      expect(history).toContain('unsuppress by ui:alice');
      expect(history).toContain('customer fixed their mailbox');
      await shot(s.page, 'address');
      await s.context.close();
    });

    it('draws every chart of the overview with the ingested fixtures', async () => {
      const s = await signIn(ADMIN);
      for (const range of ['7d', '24h']) {
        await open(s.page, `#/overview?range=${range}`, 'overview');
        await s.page.waitForFunction(() => document.querySelectorAll('figure.chart[data-drawn="true"]').length === 2);
        const charts = await s.page.locator('figure[data-chart]').evaluateAll((els) =>
          els.map((e) => {
            const canvas = e.querySelector('canvas');
            let painted = 0;
            if (canvas) {
              const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
              for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) painted++;
            }
            return { name: e.getAttribute('data-chart'), total: Number(e.getAttribute('data-total')), canvas: !!canvas, painted, items: e.querySelectorAll('li').length };
          }),
        );
        expect(charts.map((c) => c.name).sort()).toEqual(
          [`Bounces per ${range === '24h' ? 'hour' : 'day'}`, 'Suppressions over time', 'Top domains', 'Top enhanced codes', 'Top providers', 'Top reasons', 'Top reply codes'].sort(),
        );
        for (const c of charts) {
          expect(c.total, `${range} ${c.name}`).toBeGreaterThan(0);
          if (c.canvas) expect(c.painted, `${range} ${c.name} painted`).toBeGreaterThan(100);
          else expect(c.items, `${range} ${c.name}`).toBeGreaterThan(0);
        }
      }
      // a month around the ingest counts every record the store holds, bucket by bucket
      const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      const url = `/ui/api/overview?from=${day(Date.now() - 30 * 86_400_000)}&to=${day(Date.now() + 86_400_000)}`;
      const o = await s.page.evaluate(async (u) => (await (await fetch(u)).json()) as { totals: Record<string, number> }, url);
      const count = async (where: string) => (await sql<{ n: number }>`select count(*) as n from bounces where ${sql.raw(where)}`.execute(t.db)).rows[0]!.n;
      expect(o.totals).toEqual({
        hard: await count("type = 'hard' and kind in ('bounce', 'delay')"),
        soft: await count("type = 'soft' and kind in ('bounce', 'delay')"),
        complaint: await count("kind = 'complaint'"),
        other: await count("not ((type in ('hard', 'soft') and kind in ('bounce', 'delay')) or kind = 'complaint')"),
      });
      expect(o.totals.hard).toBeGreaterThan(30);
      const tooLong = await s.page.evaluate(async () => (await fetch('/ui/api/overview?from=2000-01-01&to=2100-01-01')).status);
      expect(tooLong).toBe(400);
      await open(s.page, '#/overview?range=7d', 'overview');
      await s.page.waitForFunction(() => document.querySelectorAll('figure.chart[data-drawn="true"]').length === 2);
      await shot(s.page, 'overview');
      // a narrow screen: one column, nothing wider than the window
      await s.page.setViewportSize({ width: 390, height: 844 });
      await s.page.waitForTimeout(200);
      const overflow = await s.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await shot(s.page, 'overview-narrow');
      await s.context.close();
    });

    it('shows a hostile bounce as inert text: no script runs, nothing is loaded, the HTML part sandboxed', async () => {
      const s = await signIn(ADMIN);
      const id = await idOf('evil');
      await open(s.page, `#/message/${id}`, 'message');
      // the diagnostic, the subject and the text are there, as text
      await expect(s.page.locator('[data-field="diagnostic"]').first().textContent()).resolves.toContain('<script>top.__pwned=1');
      await expect(s.page.locator('#message-text').textContent()).resolves.toContain('<img src=x onerror=');
      await expect(s.page.locator('dd', { hasText: 'Undelivered <script>' }).count()).resolves.toBe(1);
      // the page made no element from it
      expect(await s.page.locator('main img, main script:not([src]), main a[href^="javascript"]').count()).toBe(0);
      const frame = s.page.locator('iframe.html-part');
      await expect(frame.getAttribute('sandbox')).resolves.toBe('');
      const res = await s.page.evaluate(async (u) => {
        const r = await fetch(u);
        return { csp: r.headers.get('content-security-policy'), body: await r.text() };
      }, `/ui/api/messages/${id}/html`);
      expect(res.csp).toContain("default-src 'none'");
      expect(res.csp).toContain('sandbox');
      expect(res.body).toContain('<script>'); // the part as it is: made harmless by the frame, not by rewriting
      // the frame loaded: try what a person would: click the javascript: link
      const inner = s.page.frameLocator('iframe.html-part');
      await inner.locator('p', { hasText: 'Delivery failed' }).waitFor();
      await inner.locator('a', { hasText: 'click' }).click({ timeout: 5000 }).catch(() => {});
      await s.page.waitForTimeout(500);
      expect(await s.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(s.dialogs).toEqual([]);
      expect(s.outside).toEqual([]);
      expect(trapHits).toBe(0);
      await s.page.evaluate(() => window.scrollTo(0, 0));
      await shot(s.page, 'message');
      await s.context.close();
    });

    it('lists unclassified messages for review, and marking one "not a bounce" takes it out', async () => {
      const s = await signIn(ADMIN);
      await open(s.page, '#/review', 'review');
      const rows = await s.page.locator('tbody tr').allTextContents();
      expect(rows.some((r) => r.includes('no recipient'))).toBe(true);
      // the queue's total ("N messages not classified"): a page shows at most 25 of them
      const total = async () => Number((await s.page.locator('.page-head p.muted').textContent())!.replace(/\D/g, ''));
      const before = await total();
      expect(before).toBeGreaterThan(0);
      await shot(s.page, 'review');
      const anon = await idOf('anon');
      await open(s.page, `#/message/${anon}`, 'message');
      await s.page.getByLabel('Note').fill('a test message');
      await s.page.getByRole('button', { name: 'Not a bounce' }).click();
      await s.page.locator('.notice', { hasText: 'Marked not-bounce by ui:alice' }).waitFor();
      await open(s.page, '#/review', 'review');
      expect(await total()).toBe(before - 1);
      await s.context.close();
    });

    it('a review-queue rule changes a record: written into the rule file, reloaded, the queue parsed again', async () => {
      const recordOf = async (ref: string) => t.db.selectFrom('bounces').select(['reason', 'rule', 'type']).where('message_id', '=', await idOf(ref)).executeTakeFirstOrThrow();
      // nobody's rules classify them: undefined or onhold (a 5.0.0 with words no rule knows)
      expect((await recordOf('frob-0')).reason).toMatch(/^(undefined|onhold)$/);
      expect((await recordOf('frob-1')).reason).toMatch(/^(undefined|onhold)$/);
      const id = await idOf('frob-0');
      const s = await signIn(ADMIN);
      await open(s.page, `#/message/${id}`, 'message');
      await expect(s.page.locator('[data-field="reason"]').textContent()).resolves.toBe((await recordOf('frob-0')).reason);
      // the text offered: the reply's words, without its codes and the address
      await expect(s.page.getByLabel('Text (a part of the reply').inputValue()).resolves.toBe('the frobnicator declined this envelope, its tray is stuffed');
      // an unsafe pattern is refused, saying why, and the file is left as it was
      await s.page.getByLabel('Or a pattern').fill('(a+)+$');
      await s.page.getByRole('button', { name: 'Write the rule' }).click();
      await s.page.locator('.notice-error', { hasText: 'pattern refused: ' }).waitFor();
      // so is a rule that would not decide this message
      await s.page.getByLabel('Or a pattern').fill('');
      await s.page.getByLabel('Text (a part of the reply').fill('the printer is on fire');
      await s.page.getByRole('button', { name: 'Write the rule' }).click();
      await s.page.locator('.notice-error', { hasText: `the rule does not decide message ${id}` }).waitFor();
      expect(readFileSync(RULES_FILE, 'utf8')).toBe(RULES_TEXT);
      // a viewer cannot write one, nor can a write without the CSRF token
      const viewer = await signIn(VIEWER);
      const vcsrf = await viewer.page.evaluate(async () => ((await (await fetch('/ui/api/session')).json()) as { csrf: string }).csrf);
      const rule = { reason: 'mailboxfull', text: 'frobnicator declined' };
      expect(await csrfFetch(viewer.page, 'POST', `/ui/api/review/${id}/rule`, rule, vcsrf)).toEqual({ status: 403, body: expect.objectContaining({ error: 'forbidden' }) });
      expect(await csrfFetch(s.page, 'POST', `/ui/api/review/${id}/rule`, rule, null)).toEqual({ status: 403, body: expect.objectContaining({ error: 'csrf' }) });
      await viewer.context.close();
      expect(readFileSync(RULES_FILE, 'utf8')).toBe(RULES_TEXT);

      await s.page.getByLabel('Reason', { exact: true }).selectOption('mailboxfull');
      await s.page.getByLabel('Text (a part of the reply').fill('frobnicator declined');
      await s.page.locator('.rule-form').scrollIntoViewIfNeeded();
      await shot(s.page, 'review-rule-form');
      await s.page.getByRole('button', { name: 'Write the rule' }).click();
      await s.page.locator('#rule-result', { hasText: 'written' }).waitFor();
      // the file: what was there, then the rule, with who wrote it
      const written = readFileSync(RULES_FILE, 'utf8');
      expect(written.startsWith(RULES_TEXT)).toBe(true);
      const added = written.slice(RULES_TEXT.length);
      expect(added).toMatch(/^\n# from the review queue \(message \d+\) by ui:alice at \S+Z\n\[\[phrase\]\]\nreason = "mailboxfull"\ntext = "frobnicator declined"\n$/);
      const ruleId = `${RULES_FILE}:${written.split('\n').findLastIndex((l) => l === '[[phrase]]') + 1}`;
      // the page shows the message parsed again: the reason and the rule that decided it
      await expect(s.page.locator('[data-field="reason"]').textContent()).resolves.toBe('mailboxfull');
      await expect(s.page.locator('[data-field="rule"]').textContent()).resolves.toBe(ruleId);
      expect(await s.page.locator('#write-rule').count()).toBe(0);
      await s.page.evaluate(() => window.scrollTo(0, 0));
      await shot(s.page, 'review-rule');
      // the store: this message, and the other one of the queue with the same reply
      expect(await recordOf('frob-0')).toMatchObject({ reason: 'mailboxfull', rule: ruleId, type: 'soft' });
      expect(await recordOf('frob-1')).toMatchObject({ reason: 'mailboxfull', rule: ruleId });
      expect(log.lines.some((l) => l.msg === 'dashboard: a rule written from the review queue' && l.by === 'ui:alice' && l.rule === ruleId)).toBe(true);
      const queue = await s.page.evaluate(async () => ((await (await fetch('/ui/api/review?limit=200')).json()) as { items: Array<{ id: number }> }).items.map((m) => m.id));
      expect(queue.length).toBeGreaterThan(0);
      expect(queue).not.toContain(id);
      expect(queue).not.toContain(await idOf('frob-1'));
      // new mail with that reply is classified by the reloaded rules
      const r = await ingest(dsn('cy@frob.example', { status: '5.0.0', diagnostic: '550 the frobnicator declined this envelope' }), { source: 'file', sourceRef: 'frob-new' });
      expect(r.records).toBe(1);
      expect(await recordOf('frob-new')).toMatchObject({ reason: 'mailboxfull', rule: ruleId });
      await s.context.close();
    });

    it('raises a signal with its records, as an alert, a webhook event and a gauge', async () => {
      const s = await signIn(ADMIN);
      await open(s.page, '#/signals', 'signals');
      const card = s.page.locator('[data-signal="reputation:google"]');
      await card.waitFor();
      await expect(card.textContent()).resolves.toContain('blocks 3');
      await card.locator('summary').click();
      expect(await card.locator('tbody tr').count()).toBe(3);
      await shot(s.page, 'signals');
      const events = (await t.outbox()).filter((e) => e.event_type.startsWith('alert.'));
      expect(events.map((e) => e.event_type)).toEqual(['alert.raised']);
      expect(JSON.parse(events[0]!.body).data).toMatchObject({ signal: 'reputation', subject: 'google' });
      const { samples } = parsePrometheus((await metrics.scrape()).text);
      expect(samples.find((x) => x.name === 'rebound_alert')).toMatchObject({ labels: { signal: 'reputation', subject: 'google' }, value: 1 });
      // a serve host's heartbeat in the store: the Status page lists it
      await t.ctx.port.heartbeat({ hostId: 'mx-ui', startedAt: t.ctx.now(), at: t.ctx.now(), version: 'test', pid: 4242, beatSeconds: 5, spoolBacklogBytes: 2048, outboxDepth: 0 });
      // and the signals' lease it holds
      await t.ctx.port.acquireLease('signals:leader', 'mx-ui', t.ctx.now(), new Date(t.ctx.now().getTime() + 60_000));
      await open(s.page, '#/status', 'status');
      await expect(s.page.locator('#signals-leader').textContent()).resolves.toBe('Signals evaluated by mx-ui.');
      await expect(s.page.locator('#active .kpi-value').textContent()).resolves.toMatch(/^\d+/);
      await expect(s.page.locator('section[aria-label="Hosts"] tbody tr').first().textContent()).resolves.toMatch(/^mx-uialive.*2\.0 KiB0$/);
      await expect(s.page.locator('section[aria-label="Rule files"] tbody tr').first().textContent()).resolves.toBe(RULES_FILE);
      await expect(s.page.locator('#parser-version').textContent()).resolves.toMatch(/^Parser version \S+/);
      await shot(s.page, 'status');
      await s.context.close();
    });

    it('refuses a wrong token, then every try from that address for the minute (429)', async () => {
      const tryToken = (token: string) =>
        fetch(`${http.address}/ui/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
      // each try from a new context so no cookie is involved; the limit is per client address
      for (let i = 0; i < 3; i++) expect((await tryToken(`wrong-token-${i}-0123456789`)).status).toBe(401);
      const limited = await tryToken('wrong-token-x-0123456789');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      // while limited, even the right token waits: a guesser cannot tell a hit
      expect((await tryToken(ADMIN)).status).toBe(429);
      expect(log.lines.some((l) => l.msg === 'dashboard: a sign-in with an unknown token')).toBe(true);
    });
});
