// Webhooks end to end: events queued in the ingest transaction, delivered to a real local HTTP
// receiver, signed; a failure, a retry and a restart in between lose nothing; a dead endpoint
// never holds up ingestion; old events are given up. Delivery and the event types run on both
// stores (SQLite, PostgreSQL), and so do the events of a reparse; rollbacks and attachOutbox are
// SQLite's handle's own.
import { describe, it, expect, afterEach, vi } from 'vitest';
import { createHmac } from 'node:crypto';
import { openStore, type Store } from '../../src/store/open.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { listOutbox } from '../../src/store/outbox.js';
import { parseWebhookSettings, type WebhookSettingsInput } from '../../src/config/webhooks.js';
import { startWebhooks, type Webhooks } from '../../src/webhooks/drain.js';
import { attachOutbox } from '../../src/webhooks/events.js';
import { wireStoreObservers } from '../../src/events/wire.js';
import type { PipelineContext } from '../../src/pipeline/context.js';
import { signatureHeader, verifySignature } from '../../src/webhooks/sign.js';
import { createMetrics } from '../../src/metrics.js';
import { at, delivered, hard, mailboxFull, tempStore, type TempStore } from '../helpers.js';
import { type BackendStore, backendStore, describeBackends } from '../helpers/backends.js';
import { capturingLogger, sampleValue, parsePrometheus, startReceiver, type Receiver } from '../http/helpers.js';

// real sockets, timeouts and fsyncs: slow when the whole suite runs in parallel on two cores
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const SECRET = 'whsec-0123456789abcdef';
let t: TempStore | BackendStore;
let receivers: Receiver[] = [];
let running: Webhooks[] = [];
let extraStores: Store[] = [];

afterEach(async () => {
  for (const w of running) await w.stop();
  for (const s of extraStores) await s.close();
  for (const r of receivers) await r.close();
  running = [];
  extraStores = [];
  receivers = [];
  await t?.cleanup();
});

const settings = (over: WebhookSettingsInput) => parseWebhookSettings({ secret: SECRET, pollIntervalMs: 20, ...over });

async function receiver(): Promise<Receiver> {
  const r = await startReceiver();
  receivers.push(r);
  return r;
}

/** The drain loop over this context's store, which is wired as `serve` wires it (the outbox observer kicks the loop). */
function start(ctx: PipelineContext, s: ReturnType<typeof settings>, metrics?: ReturnType<typeof createMetrics>): Webhooks {
  const w = startWebhooks(ctx, s, { logger: capturingLogger().logger, metrics });
  const unwire = wireStoreObservers(ctx.store, { webhook: s, onQueued: () => w.kick() });
  const wired = { ...w, stop: () => (unwire(), w.stop()) };
  running.push(wired);
  return wired;
}

async function until<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describeBackends('webhook delivery', (backend) => {
  let b: BackendStore;
  /** A store of this backend whose writes queue events for `s` and kick the drain loops started on it. */
  async function store(s: ReturnType<typeof settings>, opts: { now0?: string } = {}): Promise<BackendStore> {
    const loops: Webhooks[] = [];
    b = await backendStore(backend, { ...opts, wiring: { webhook: s, onQueued: () => loops.forEach((w) => w.kick()) } });
    t = b;
    startOn = (ctx, metrics) => {
      const w = startWebhooks(ctx, s, { logger: capturingLogger().logger, metrics });
      loops.push(w);
      running.push(w);
      return w;
    };
    return b;
  }
  let startOn: (ctx: PipelineContext, metrics?: ReturnType<typeof createMetrics>) => Webhooks;
  const outbox = async (state?: string) => (await b.outbox()).filter((o) => !state || o.state === state);
  const ingest = (raw: Buffer, meta: ReturnType<typeof at>) => b.ctx.port.ingest(raw, meta);

  it('retries a failed delivery after its backoff, across a restart, and the receiver can verify every attempt', async () => {
    const rcv = await receiver();
    rcv.script.push({ status: 500 });
    const s = settings({ urls: [rcv.url], backoff: { initialMs: 60_000, maxMs: 600_000 } });
    await store(s);
    let clock = new Date('2024-05-06T12:00:00Z');
    b.setNow(clock);
    let w = startOn(b.ctx);

    const r = await ingest(hard('gone@dest.example'), at('2024-05-06T11:59:00Z'));
    expect(r.suppressed).toEqual(['gone@dest.example']);
    await rcv.waitFor(1);
    const failed = await until('the failure recorded', async () => (await outbox()).find((o) => o.last_status === 500));
    expect(failed).toMatchObject({ state: 'pending', attempts: 1, event_type: 'suppression.created', url: rcv.url });
    expect(failed.last_error).toBe('HTTP 500: receiver says no');
    // the next attempt waits 30-60 s (60 s with jitter); nothing is sent meanwhile
    const wait = Date.parse(failed.next_attempt_at) - clock.getTime();
    expect(wait).toBeGreaterThanOrEqual(30_000);
    expect(wait).toBeLessThanOrEqual(60_000);
    await w.drainOnce();
    expect(rcv.received).toHaveLength(1);

    // restart: stop; on SQLite close the file and open it again (PostgreSQL stays up); the clock
    // moves past the backoff
    await w.stop();
    if (backend === 'sqlite') {
      const path = b.store.path;
      await b.store.close();
      b.store = await openStore(path);
    }
    clock = new Date(clock.getTime() + 61_000);
    b.setNow(clock);
    w = startOn(b.ctx);
    await rcv.waitFor(2);
    const done = await until('the delivery recorded', async () => (await outbox()).find((o) => o.state === 'delivered'));
    expect(done).toMatchObject({ attempts: 2, last_status: 200, last_error: null });
    expect(await outbox()).toHaveLength(1);

    const [first, second] = rcv.received;
    expect(second!.body).toBe(first!.body);
    expect(second!.headers['rebound-delivery']).toBe(first!.headers['rebound-delivery']);
    expect([first!.headers['rebound-attempt'], second!.headers['rebound-attempt']]).toEqual(['1', '2']);
    for (const req of rcv.received) {
      expect(req.headers['content-type']).toBe('application/json');
      expect(req.headers['rebound-event']).toBe('suppression.created');
      expect(req.headers['rebound-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifySignature(SECRET, req.headers['rebound-signature'] as string, req.body)).toBe(true);
      expect(verifySignature('another-secret-0123', req.headers['rebound-signature'] as string, req.body)).toBe(false);
    }
    const ev = JSON.parse(first!.body);
    expect(ev).toMatchObject({
      id: first!.headers['rebound-delivery'],
      type: 'suppression.created',
      createdAt: '2024-05-06T12:00:00.000Z',
      data: {
        address: 'gone@dest.example', domain: 'dest.example', type: 'hard', reason: 'userunknown', change: 'new', expiresAt: null,
        suppressedAt: '2024-05-06T11:59:00.000Z',
        cause: { messageId: r.messageId, source: 'file', kind: 'bounce', status: '5.1.1', smtpCode: 550, reason: 'userunknown' },
      },
    });
  });

  it('never holds up ingestion when the endpoint hangs or refuses, and tries it again only after a pause', async () => {
    const rcv = await receiver();
    rcv.script.push('hang', 'hang', 'hang', 'hang');
    const metrics = createMetrics({ processMetrics: false });
    await store(settings({ urls: [rcv.url], timeoutMs: 1500, concurrency: 2, backoff: { initialMs: 60_000, maxMs: 600_000 } }));
    startOn(b.ctx, metrics);
    await ingest(hard('u0@dest.example'), at('2024-05-06T11:00:00Z'));
    await rcv.waitFor(1); // its POST is now hanging
    const times: number[] = [];
    for (let i = 1; i < 20; i++) {
      const t0 = process.hrtime.bigint();
      await ingest(hard(`u${i}@dest.example`), at('2024-05-06T11:00:00Z'));
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    // each ingest returns within one request timeout: the network is not on its path
    expect(Math.max(...times)).toBeLessThan(1500);
    expect(await outbox()).toHaveLength(20); // all queued, in the ingest transactions
    // every POST that went out timed out and is recorded (two at most: one more may have gone out
    // before the first timed out, if the ingests were slow)
    const tried = async () => (await outbox()).filter((o) => o.attempts > 0).length;
    const timedOut = async () => (await outbox()).filter((o) => o.last_error?.startsWith('no answer within 1500 ms')).length;
    await until('the timeouts recorded', async () => (await timedOut()) >= 1 && (await timedOut()) === (await tried()));
    const sent = await tried();
    await new Promise((r) => setTimeout(r, 300));
    // then the URL is paused (the clock does not move): not twenty attempts
    expect(await tried()).toBe(sent);
    expect(rcv.received.length).toBe(sent);
    expect(sent).toBeLessThanOrEqual(2);
    expect(await outbox('pending')).toHaveLength(20);
    const text = (await metrics.scrape()).text;
    expect(sampleValue(parsePrometheus(text).samples, 'rebound_webhook_deliveries_total', { outcome: 'failed' })).toBe(sent);

    // a port nobody listens on: refused, recorded, retried later
    const closed = await receiver();
    const deadUrl = closed.url;
    await closed.close();
    receivers = receivers.filter((r) => r !== closed);
    for (const w of running.splice(0)) await w.stop();
    await b.cleanup();
    await store(settings({ urls: [deadUrl], backoff: { initialMs: 60_000, maxMs: 600_000 } }));
    startOn(b.ctx);
    await ingest(hard('x@dest.example'), at('2024-05-06T11:00:00Z'));
    const row = await until('the refusal recorded', async () => (await outbox()).find((o) => o.last_error));
    expect(row).toMatchObject({ state: 'pending', last_status: null, last_error: 'ECONNREFUSED' });
  });

  it('drainOnce tries what was committed before it, even while a pass that read the outbox earlier is still running', async () => {
    const rcv = await receiver();
    const s = settings({ urls: [rcv.url], pollIntervalMs: 600_000 });
    await store(s);
    // the loop's first pass reads the empty outbox, then is held (as a slow store would hold it)
    // until the row below is committed and drainOnce called
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let claims = 0;
    const port = b.ctx.port;
    const ctx: PipelineContext = {
      ...b.ctx,
      port: {
        ...port,
        claimOutbox: async (...a) => {
          const rows = await port.claimOutbox(...a);
          if (++claims === 1) await held;
          return rows;
        },
      },
    };
    const w = startWebhooks(ctx, s, { logger: capturingLogger().logger });
    running.push(w);
    await until('the first pass read the outbox', () => claims === 1);
    await ingest(hard('gone@dest.example'), at('2024-05-06T11:00:00Z'));
    const drained = w.drainOnce();
    setTimeout(release, 50);
    expect(await drained).toBe(1);
    expect(rcv.received).toHaveLength(1);
    expect((await outbox())[0]).toMatchObject({ state: 'delivered', attempts: 1 });
  });

  it('delivers to each URL on its own: a failing one does not hold up another', async () => {
    const bad = await receiver();
    const good = await receiver();
    bad.script.push({ status: 503 }, { status: 503 });
    await store(settings({ urls: [bad.url, good.url], backoff: { initialMs: 60_000, maxMs: 600_000 } }));
    startOn(b.ctx);
    await ingest(hard('a@dest.example'), at('2024-05-06T11:00:00Z'));
    await ingest(hard('b@dest.example'), at('2024-05-06T11:00:01Z'));
    await good.waitFor(2);
    await until('both delivered to the good URL', async () => (await outbox('delivered')).length === 2);
    const rows = await outbox();
    expect(rows).toHaveLength(4);
    expect(rows.filter((r) => r.url === good.url).every((r) => r.state === 'delivered')).toBe(true);
    expect(rows.filter((r) => r.url === bad.url).every((r) => r.state === 'pending')).toBe(true);
    // one event, one id, whichever URL it goes to
    const ids = (url: string) => rows.filter((r) => r.url === url).map((r) => r.event_id);
    expect(ids(bad.url)).toEqual(ids(good.url));
  });

  it('gives an event up once it is older than maxAgeHours', async () => {
    const rcv = await receiver();
    rcv.script.push({ status: 500 }, { status: 500 });
    const metrics = createMetrics({ processMetrics: false });
    await store(settings({ urls: [rcv.url], maxAgeHours: 1, backoff: { initialMs: 40 * 60_000, maxMs: 10 * 3_600_000 } }));
    let clock = new Date('2024-05-06T12:00:00Z');
    b.setNow(clock);
    const w = startOn(b.ctx, metrics);
    await ingest(hard('gone@dest.example'), at('2024-05-06T11:00:00Z'));
    await until('first failure', async () => (await outbox()).find((o) => o.attempts === 1 && o.last_status === 500));
    clock = new Date(clock.getTime() + 41 * 60_000);
    b.setNow(clock);
    await w.drainOnce();
    // the second failure's wait (40-80 min) would end past the hour: given up
    const row = await until('given up', async () => (await outbox()).find((o) => o.state === 'dead'));
    expect(row.attempts).toBe(2);
    expect(row.last_error).toMatch(/^HTTP 500: receiver says no; gave up after 2 attempts$/);
    expect(sampleValue(parsePrometheus((await metrics.scrape()).text).samples, 'rebound_webhook_deliveries_total', { outcome: 'dead' })).toBe(1);
  });

  it('housekeeping gives up what is too old or for a URL gone, and deletes finished rows kept long enough', async () => {
    const rcv = await receiver();
    const gone = 'http://127.0.0.1:9/removed';
    await store(settings({ urls: [rcv.url, gone] }));
    await ingest(hard('old@dest.example'), at('2024-05-01T08:00:00Z'));
    const before = await outbox();
    expect(before.map((o) => o.url).sort()).toEqual([rcv.url, gone].sort());
    const r = await b.ctx.port.tidyOutbox({ createdBefore: '2000-01-01T00:00:00.000Z', urls: [rcv.url], doneBefore: '2000-01-01T00:00:00.000Z', at: '2024-05-07T00:00:00.000Z' });
    expect(r).toEqual({ dead: 0, abandoned: 1, pruned: 0 });
    expect((await outbox()).find((o) => o.url === gone)).toMatchObject({ state: 'dead', last_error: 'URL no longer configured', done_at: '2024-05-07T00:00:00.000Z' });
    const aged = await b.ctx.port.tidyOutbox({ createdBefore: '2100-01-01T00:00:00.000Z', urls: [rcv.url], doneBefore: '2024-05-07T00:00:00.001Z', at: '2024-05-08T00:00:00.000Z' });
    // the row for the URL gone was finished before doneBefore: deleted; the other is too old: dead, kept
    expect(aged).toEqual({ dead: 1, abandoned: 0, pruned: 1 });
    expect(await outbox()).toMatchObject([{ url: rcv.url, state: 'dead', last_error: 'gave up: too old' }]);
  });
});

describe('webhook events', () => {
  it('queue nothing when no URL is configured', async () => {
    t = await tempStore();
    const w = start(t.ctx, parseWebhookSettings({}));
    ingest(t.ctx, hard('gone@dest.example'), at('2024-05-06T11:00:00Z'));
    expect(await w.drainOnce()).toBe(0);
    expect(listOutbox(t.store)).toEqual([]);
  });

  it('are written with the suppression or not at all', async () => {
    t = await tempStore();
    attachOutbox(t.store, settings({ urls: ['http://127.0.0.1:9/x'] }));
    // a bulk-ingest batch rolled back: neither the suppression nor its event stays
    t.store.sqlite.exec('BEGIN');
    ingest(t.ctx, hard('gone@dest.example'), at('2024-05-06T11:00:00Z'));
    expect(listOutbox(t.store)).toHaveLength(1);
    t.store.sqlite.exec('ROLLBACK');
    expect(listOutbox(t.store)).toHaveLength(0);
    expect(t.store.sqlite.prepare('select count(*) as n from suppressions').get()).toEqual({ n: 0 });
  });
});

describe('Rebound-Signature', () => {
  it('is t=<unix>,v1=<HMAC-SHA256 of "t.body">, checked against tampering, other secrets and old timestamps', () => {
    const body = '{"id":"e1","type":"suppression.created"}';
    const h = signatureHeader(SECRET, body, 1_700_000_000);
    expect(h).toBe(`t=1700000000,v1=${createHmac('sha256', SECRET).update(`1700000000.${body}`).digest('hex')}`);
    expect(verifySignature(SECRET, h, body, { now: 1_700_000_100 })).toBe(true);
    expect(verifySignature(SECRET, h, body.replace('e1', 'e2'), { now: 1_700_000_100 })).toBe(false);
    expect(verifySignature('whsec-another-secret', h, body, { now: 1_700_000_100 })).toBe(false);
    expect(verifySignature(SECRET, h, body, { now: 1_700_000_000 + 301 })).toBe(false);
    expect(verifySignature(SECRET, undefined, body)).toBe(false);
    expect(verifySignature(SECRET, 't=abc,v1=00', body)).toBe(false);
  });
});

describe('attachOutbox', () => {
  it('queues each event once per URL however many parts attach it, until the last one detaches', async () => {
    t = await tempStore();
    const s = settings({ urls: ['http://127.0.0.1:9/a'] });
    const detachA = attachOutbox(t.store, s);
    const w = start(t.ctx, s); // wires it too
    ingest(t.ctx, hard('one@dest.example'), at('2024-05-06T11:00:00Z'));
    expect(listOutbox(t.store)).toHaveLength(1);
    await w.stop();
    ingest(t.ctx, hard('two@dest.example'), at('2024-05-06T11:00:01Z'));
    expect(listOutbox(t.store)).toHaveLength(2); // still attached by A
    detachA();
    detachA(); // twice is fine
    ingest(t.ctx, hard('three@dest.example'), at('2024-05-06T11:00:02Z'));
    expect(listOutbox(t.store)).toHaveLength(2);
  });
});

// the events each store queues, in the transaction that made them: the same on both
describeBackends('webhook events', (backend) => {
  it('tell what a reparse changed: a suppression created, or lifted, by reading the reports again', async () => {
    const b = await backendStore(backend, { now0: '2024-05-10T00:00:00Z', wiring: { webhook: settings({ urls: ['http://127.0.0.1:9/x'], events: ['suppression.created', 'suppression.lifted'] }) } });
    t = b;
    await b.ctx.port.ingest(hard('gone@dest.example'), at('2024-05-01T08:00:00Z'));
    await b.ctx.port.ingest(hard('wrong@dest.example'), at('2024-05-01T09:00:00Z'));
    // the events of their ingestion are not this test's
    await b.db.deleteFrom('webhook_outbox').execute();
    // as if an older parser had read the first one as soft, and suppressed the second on a misreading
    await b.db.updateTable('bounces').set({ type: 'soft', reason: 'mailboxfull' }).where('recipient', '=', 'gone@dest.example').execute();
    await b.db.deleteFrom('suppressions').where('address', '=', 'gone@dest.example').execute();
    await b.db.updateTable('messages').set({ parser_version: '0' }).execute();
    await b.db.updateTable('bounces').set({ recipient: 'typo@dest.example', recipient_reported: 'typo@dest.example' }).where('recipient', '=', 'wrong@dest.example').execute();
    await b.db.updateTable('suppressions').set({ address: 'typo@dest.example' }).where('address', '=', 'wrong@dest.example').execute();
    await b.ctx.port.reparse('outdated');
    const evs = (await b.outbox()).map((o) => JSON.parse(o.body));
    expect(evs.map((e) => [e.type, e.data.address, e.data.change ?? null, e.data.by])).toEqual([
      ['suppression.created', 'gone@dest.example', 'new', 'reparse'],
      ['suppression.lifted', 'typo@dest.example', null, 'reparse'],
      ['suppression.created', 'wrong@dest.example', 'new', 'reparse'],
    ]);
    expect(evs[0].data).toMatchObject({ type: 'hard', reason: 'userunknown' });
  });

  it('follow the configured event types: bounces, manual suppressions, lifts by a person or a delivery', async () => {
    const url = 'http://127.0.0.1:9/never-sent';
    const b = await backendStore(backend, { wiring: { webhook: settings({ urls: [url], events: ['suppression.created', 'suppression.lifted', 'bounce.recorded'] }) } });
    t = b;
    await b.ctx.port.ingest(mailboxFull('full@dest.example', 'm1'), at('2024-05-01T10:00:00Z'));
    await b.ctx.port.ingest(mailboxFull('full@dest.example', 'm2'), at('2024-05-02T10:00:00Z'));
    await b.ctx.port.ingest(mailboxFull('full@dest.example', 'm3'), at('2024-05-03T10:00:00Z'));
    await b.ctx.port.ingest(delivered('full@dest.example'), at('2024-05-04T10:00:00Z'));
    await b.ctx.port.suppress('ceo@dest.example', 'asked by phone', b.ctx.now());
    await b.ctx.port.suppress('ceo@dest.example', 'again: no change, no event', b.ctx.now());
    await b.ctx.port.unsuppress('ceo@dest.example', 'changed their mind', b.ctx.now());
    const evs = (await b.outbox()).map((o) => JSON.parse(o.body));
    expect(evs.map((e) => [e.type, e.data.address, e.data.outcome ?? e.data.change ?? e.data.by])).toEqual([
      ['bounce.recorded', 'full@dest.example', 'counted-soft'],
      ['bounce.recorded', 'full@dest.example', 'counted-soft'],
      ['bounce.recorded', 'full@dest.example', 'suppressed'],
      ['suppression.created', 'full@dest.example', 'new'],
      ['bounce.recorded', 'full@dest.example', 'lifted'],
      ['suppression.lifted', 'full@dest.example', 'delivery'],
      ['suppression.created', 'ceo@dest.example', 'manual'],
      ['suppression.lifted', 'ceo@dest.example', 'manual'],
    ]);
    expect(evs[3].data).toMatchObject({ type: 'soft', reason: 'mailboxfull', eventCount: 3, expiresAt: '2024-06-02T10:00:00.000Z' });
    expect(evs[7].data.note).toBe('changed their mind');
    expect(new Set(evs.map((e) => e.id)).size).toBe(evs.length);
  });
});
