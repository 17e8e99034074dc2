// SendGrid's signed Event Webhook over HTTP: batches signed with an ECDSA P-256 key the test makes.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { type EventsApi, rows, sendgridKeys, startEventsApi } from '../helpers/events.js';
import { parseEventsSettings } from '../../src/config/events.js';
import { reparse } from '../../src/pipeline/reparse.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const keys = sendgridKeys();
let api: EventsApi;
const post = (events: unknown[], ts = api.now()) => {
  const body = JSON.stringify(events);
  return api.post('sendgrid', body, keys.headers(body, ts));
};
const records = (address: string) => rows(api.t, 'select * from bounces where recipient = ?', address);
const suppression = (address: string) => rows(api.t, 'select type, reason from suppressions where address = ? and lifted_at is null', address)[0];
const messageCount = () => rows(api.t, 'select count(*) as n from messages')[0].n as number;
const ev = (event: string, email: string, id: string, more: Record<string, unknown> = {}) => ({
  email, timestamp: 1714996000, 'smtp-id': '<campaign-7@sender.example>', event, sg_event_id: id, sg_message_id: 'sgmsg.filter0001', ...more,
});

beforeAll(async () => {
  api = await startEventsApi({ sendgrid: { publicKey: keys.publicKey } });
});
afterAll(async () => api?.close());

describe('SendGrid', () => {
  it('maps a signed batch: bounce, blocked, dropped, deferred, spamreport; opens are not kept', async () => {
    const r = await post([
      ev('processed', 'gone@dest.example', 'p1'),
      ev('bounce', 'gone@dest.example', 'b1', { type: 'bounce', status: '5.1.1', reason: '550 5.1.1 The email account that you tried to reach does not exist.' }),
      ev('bounce', 'blocked@dest.example', 'b2', { type: 'blocked', status: '5.7.1', reason: '550 5.7.1 Service unavailable; client host [1.2.3.4] blocked using Spamhaus', bounce_classification: 'Reputation' }),
      ev('dropped', 'known@dest.example', 'd1', { reason: 'Bounced Address', status: '5.0.0' }),
      ev('deferred', 'slow@dest.example', 'f1', { response: '421 4.7.0 Try again later, closing connection.', attempt: '3' }),
      ev('spamreport', 'angry@dest.example', 's1'),
      ev('open', 'gone@dest.example', 'o1'),
    ]);
    expect(r).toMatchObject({ status: 200, json: { provider: 'sendgrid', received: 5, new: 5, duplicates: 0, ignored: 2, records: 5 } });
    expect(r.json.suppressed.sort()).toEqual(['angry@dest.example', 'gone@dest.example', 'known@dest.example']);
    expect(records('gone@dest.example')[0]).toMatchObject({ kind: 'bounce', type: 'hard', reason: 'userunknown', status: '5.1.1', smtp_code: 550, original_message_id: '<campaign-7@sender.example>', event_at: '2024-05-06T11:46:40.000Z' });
    expect(records('blocked@dest.example')[0]).toMatchObject({ type: 'soft', reason: 'blocked' });
    expect(suppression('blocked@dest.example')).toBeUndefined();
    expect(suppression('known@dest.example')).toEqual({ type: 'hard', reason: 'suppressed' });
    expect(records('slow@dest.example')[0]).toMatchObject({ kind: 'delay', action: 'delayed', smtp_code: 421 });
    expect(suppression('slow@dest.example')).toBeUndefined();
    expect(suppression('angry@dest.example')).toEqual({ type: 'complaint', reason: 'abuse' });
  });

  it('counts each sg_event_id once across retried and re-batched deliveries', async () => {
    const before = messageCount();
    const first = await post([ev('bounce', 'a@dup.example', 'r1', { type: 'bounce', status: '5.1.1', reason: '550 5.1.1 user unknown' })]);
    expect(first.json).toMatchObject({ new: 1, records: 1 });
    // the same event again, in a new batch with another one, signed anew
    const rebatched = await post([
      ev('bounce', 'b@dup.example', 'r2', { type: 'bounce', status: '5.1.1', reason: '550 5.1.1 user unknown' }),
      ev('bounce', 'a@dup.example', 'r1', { type: 'bounce', status: '5.1.1', reason: '550 5.1.1 user unknown' }),
    ]);
    expect(rebatched.json).toMatchObject({ received: 2, new: 1, duplicates: 1, records: 1 });
    expect(messageCount()).toBe(before + 2);
    expect(records('a@dup.example')).toHaveLength(1);
  });

  it('refuses a forged, an unsigned, an expired and a replayed-with-a-new-body request, storing nothing', async () => {
    const before = messageCount();
    const body = JSON.stringify([ev('bounce', 'victim@dest.example', 'x1', { type: 'bounce', status: '5.1.1' })]);
    const headers = keys.headers(body, api.now());
    const forged = await api.post('sendgrid', body.replace('victim@', 'other@'), headers);
    expect(forged).toMatchObject({ status: 403, json: { error: 'forbidden' } });
    const unsigned = await api.post('sendgrid', body);
    expect(unsigned).toMatchObject({ status: 401, json: { error: 'unauthorized' } });
    const old = api.now() - 3600;
    const expired = await api.post('sendgrid', body, keys.headers(body, old));
    expect(expired.status).toBe(403);
    expect(expired.json.message).toContain('window');
    // another key's signature
    const stranger = sendgridKeys();
    expect((await api.post('sendgrid', body, stranger.headers(body, api.now()))).status).toBe(403);
    expect(messageCount()).toBe(before);
  });

  it('verifies the signature over the exact bytes sent, not over the JSON they parse to', async () => {
    // spacing, line breaks, escaped and unescaped non-ASCII: a re-serialisation would differ
    const body =
      '[ {\n  "email" : "r\\u00e9sum\\u00e9@dest.example",\t"timestamp":1714996000, "event":"bounce", "type":"bounce",\r\n' +
      '  "sg_event_id" : "raw-1", "status":"5.1.1", "reason":"550 5.1.1 Adresse inconnue \u2014 destinataire \\u00e9tranger"  }\n]\n';
    expect(JSON.stringify(JSON.parse(body))).not.toBe(body);
    const headers = keys.headers(body, api.now());
    const r = await api.post('sendgrid', Buffer.from(body, 'utf8'), headers);
    expect(r).toMatchObject({ status: 200, json: { new: 1 } });
    expect(records('résumé@dest.example')[0]).toMatchObject({ reason: 'userunknown', diagnostic: expect.stringContaining('— destinataire étranger') });
    // the event is kept with its own bytes of the batch, as sent (not re-serialised)
    const kept = rows(api.t, "select r.raw as raw from message_raw r join messages m on m.id = r.message_id where m.event_key = 'sendgrid:raw-1'")[0];
    expect(Buffer.from(kept.raw).toString('utf8')).toBe(body.slice(body.indexOf('{'), body.lastIndexOf('}') + 1));
    // the same events re-serialised under the signature of the bytes: refused
    const again = JSON.stringify(JSON.parse(body).map((e: Record<string, unknown>) => ({ ...e, sg_event_id: 'raw-2' })));
    expect((await api.post('sendgrid', again, headers)).status).toBe(403);
    expect((await api.post('sendgrid', JSON.stringify(JSON.parse(body)), headers)).status).toBe(403);
  });

  it('keeps each event of a batch with its own bytes, which reparse reads to the same records', async () => {
    const events = [
      ev('bounce', 'one@keep.example', 'k1', { type: 'bounce', status: '5.1.1', reason: '550 5.1.1 "quoted \\" [brackets], {braces}' }),
      ev('spamreport', 'two@keep.example', 'k2', { nested: { list: [1, [2, { x: ']' }]], text: 'a\\' } }),
      ev('dropped', 'three@keep.example', 'k3', { reason: 'Bounced Address', status: '5.0.0' }),
    ];
    const body = `[${events.map((e, i) => (i === 1 ? JSON.stringify(e, null, 2) : JSON.stringify(e))).join(' ,\n ')}]`;
    expect((await api.post('sendgrid', body, keys.headers(body, api.now()))).json).toMatchObject({ new: 3, records: 3 });
    const kept = rows(api.t, "select m.event_key as k, r.raw as raw from message_raw r join messages m on m.id = r.message_id where m.event_key in ('sendgrid:k1', 'sendgrid:k2', 'sendgrid:k3') order by m.id");
    expect(kept.map((r) => Buffer.from(r.raw).toString('utf8'))).toEqual([JSON.stringify(events[0]), JSON.stringify(events[1], null, 2), JSON.stringify(events[2])]);
    const before = rows(api.t, "select recipient, type, reason, diagnostic from bounces where recipient like '%@keep.example' order by id");
    const r = reparse(api.t.ctx, 'all');
    expect(r.changed).toEqual([]);
    expect(rows(api.t, "select recipient, type, reason, diagnostic from bounces where recipient like '%@keep.example' order by id")).toEqual(before);
  });

  it('answers 400 naming the field of a malformed batch, storing nothing', async () => {
    const before = messageCount();
    const missing = await post([ev('bounce', 'ok@dest.example', 'm1', { type: 'bounce' }), { event: 'bounce', sg_event_id: 'm2', timestamp: 1 }]);
    expect(missing).toMatchObject({ status: 400, json: { error: 'invalid_body', field: '[1].email' } });
    const notList = await post({ event: 'bounce' } as never);
    expect(notList).toMatchObject({ status: 400, json: { field: 'body' } });
    const body = '[{"event": "bounce",';
    expect((await api.post('sendgrid', body, keys.headers(body, api.now()))).json).toMatchObject({ field: 'body' });
    expect(messageCount()).toBe(before);
  });

  it('answers 413 for a body over events.maxBodyBytes, before reading it', async () => {
    const big = JSON.stringify([ev('bounce', 'big@dest.example', 'big', { reason: 'x'.repeat(4 * 1024 * 1024) })]);
    const r = await api.post('sendgrid', big, keys.headers(big, api.now()));
    expect(r).toMatchObject({ status: 413, json: { error: 'too_large' } });
  });

  it('ignores unsubscribes by default, and with unsubscribes = "suppress" suppresses each once (manual)', async () => {
    const unsub = [ev('unsubscribe', 'bye@dest.example', 'u1'), ev('group_unsubscribe', 'Group@Dest.example', 'u2', { asm_group_id: 7 })];
    expect((await post(unsub)).json).toMatchObject({ received: 0, ignored: 2, suppressed: [] });
    expect(suppression('bye@dest.example')).toBeUndefined();
    const other = await startEventsApi({ sendgrid: { publicKey: keys.publicKey, unsubscribes: 'suppress' } });
    try {
      const body = JSON.stringify(unsub);
      const r = await other.post('sendgrid', body, keys.headers(body, other.now()));
      expect(r.json).toMatchObject({ received: 2, new: 2, records: 0 });
      expect(r.json.suppressed.sort()).toEqual(['bye@dest.example', 'group@dest.example']);
      expect(rows(other.t, 'select address, type, reason from suppressions order by address')).toEqual([
        { address: 'bye@dest.example', type: 'manual', reason: 'sendgrid unsubscribe' },
        { address: 'group@dest.example', type: 'manual', reason: 'sendgrid unsubscribe' },
      ]);
      // a retry changes nothing, not even the log of manual actions
      expect((await other.post('sendgrid', body, keys.headers(body, other.now()))).json).toMatchObject({ new: 0, duplicates: 2, suppressed: [] });
      expect(rows(other.t, 'select count(*) as n from manual_actions')[0].n).toBe(2);
    } finally {
      await other.close();
    }
  });

  it('checks the configured key and CA file at start, naming the key', () => {
    expect(() => parseEventsSettings({ sendgrid: { publicKey: 'A'.repeat(60) } })).toThrow(/^events\.sendgrid\.publicKey: got "A+": not a public key SendGrid gives/);
    expect(() => parseEventsSettings({ ses: { caFile: '/nonexistent/ca.pem' } })).toThrow(/^events\.ses\.caFile: got "\/nonexistent\/ca\.pem": cannot be read \(ENOENT\)/);
  });

  it('is off (404) for a provider without credentials', async () => {
    const r = await api.post('mailgun', '{}');
    expect(r).toMatchObject({ status: 404, json: { error: 'not_configured' } });
  });
});
