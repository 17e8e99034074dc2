// SparkPost (HTTP Basic or a token in a custom header, batches of msys events with bounce classes)
// and Brevo (HTTP Basic or a bearer token, one event or a batch) over HTTP, with secrets the test makes.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { type EventsApi, rows, startEventsApi } from '../helpers/events.js';
import { parseEventsSettings } from '../../src/config/events.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const SP = { username: 'sparkpost', password: 'sparkpost-password-01', token: 'sparkpost-token-0123456789' };
const BREVO = { username: 'brevo', password: 'brevo-password-0123456', token: 'brevo-bearer-token-0123456789' };
let api: EventsApi;

const basic = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });
const records = (address: string) => rows(api.t, 'select * from bounces where recipient = ?', address);
const suppression = (address: string) => rows(api.t, 'select type, reason from suppressions where address = ? and lifted_at is null', address)[0];
const messageCount = () => rows(api.t, 'select count(*) as n from messages')[0].n as number;

beforeAll(async () => {
  api = await startEventsApi({ sparkpost: { ...SP, tokenHeader: 'X-Rebound-Token' }, brevo: { ...BREVO, unsubscribes: 'suppress' } });
});
afterAll(async () => api?.close());

// --- SparkPost ---------------------------------------------------------------------------------

/** A message event in the documented shape (developers.sparkpost.com/api/webhooks). */
const spEvent = (type: string, id: string, rcpt: string, extra: Record<string, unknown> = {}) => ({
  msys: {
    message_event: {
      type, event_id: id, rcpt_to: rcpt, raw_rcpt_to: rcpt, timestamp: '1714990000', message_id: '0e0d94b7-9085-4e3c-ab30-e3f2cd9c273e',
      transmission_id: '65832150921904138', customer_id: '1', friendly_from: 'sender@sender.example', sending_ip: '192.0.2.10', rcpt_meta: {}, rcpt_tags: [],
      ...extra,
    },
  },
});
const spPost = (events: unknown[], headers: Record<string, string> = { 'x-rebound-token': SP.token }) => api.post('sparkpost', JSON.stringify(events), headers);

describe('SparkPost', () => {
  it('maps a batch by bounce class: 10 hard, 22 soft, 25 SparkPost policy, 60 an auto-reply, delay, out-of-band, spam complaint; opens and the ping are ignored', async () => {
    const batch = [
      spEvent('bounce', 'sp-1', 'gone@sp.example', { bounce_class: '10', error_code: '550', raw_reason: '550 5.1.1 <gone@sp.example>: Recipient address rejected: User unknown', reason: '550 5.1.1 ...@... Recipient address rejected' }),
      spEvent('bounce', 'sp-2', 'full@sp.example', { bounce_class: '22', error_code: '552', raw_reason: '552 5.2.2 Mailbox full' }),
      spEvent('policy_rejection', 'sp-3', 'listed@sp.example', { bounce_class: '25', error_code: '554', raw_reason: '554 5.7.1 recipient address suppressed due to customer policy', reason: 'recipient address suppressed due to customer policy' }),
      spEvent('bounce', 'sp-4', 'away@sp.example', { bounce_class: '60', error_code: '250', raw_reason: 'Auto-Submitted: auto-replied' }),
      spEvent('delay', 'sp-5', 'later@sp.example', { bounce_class: '21', error_code: '451', raw_reason: '451 4.4.0 DNS lookup failed', num_retries: '1', queue_time: '12000' }),
      spEvent('out_of_band', 'sp-6', 'oob@sp.example', { bounce_class: '10', raw_reason: '550 5.1.1 No such user', error_code: '550' }),
      spEvent('spam_complaint', 'sp-7', 'angry@sp.example', { fbtype: 'abuse', report_by: 'fbl.isp.example' }),
      { msys: { track_event: { type: 'open', event_id: 'sp-8', rcpt_to: 'reader@sp.example' } } },
      { msys: {} },
    ];
    const r = await spPost(batch);
    expect(r).toMatchObject({ status: 200, json: { provider: 'sparkpost', received: 7, new: 7, duplicates: 0, ignored: 2 } });
    expect(r.json.suppressed.sort()).toEqual(['angry@sp.example', 'gone@sp.example', 'oob@sp.example']);
    expect(records('gone@sp.example')[0]).toMatchObject({ kind: 'bounce', type: 'hard', reason: 'userunknown', smtp_code: 550, status: '5.1.1', original_message_id: '0e0d94b7-9085-4e3c-ab30-e3f2cd9c273e' });
    expect(records('full@sp.example')[0]).toMatchObject({ type: 'soft', reason: 'mailboxfull' });
    expect(records('listed@sp.example')[0]).toMatchObject({ reason: 'suppressed', type: null });
    expect(suppression('listed@sp.example')).toBeUndefined();
    expect(records('away@sp.example')[0]).toMatchObject({ kind: 'auto-reply', reason: 'vacation' });
    expect(records('later@sp.example')[0]).toMatchObject({ kind: 'delay', action: 'delayed', type: 'soft' });
    expect(suppression('later@sp.example')).toBeUndefined();
    expect(suppression('oob@sp.example')).toEqual({ type: 'hard', reason: 'userunknown' });
    expect(suppression('angry@sp.example')).toEqual({ type: 'complaint', reason: 'abuse' });
    expect(records('reader@sp.example')).toHaveLength(0);
  });

  it('falls back on the bounce class when the reply says nothing', async () => {
    const r = await spPost([
      spEvent('bounce', 'sp-40', 'dns@sp.example', { bounce_class: '21' }),
      spEvent('bounce', 'sp-41', 'attach@sp.example', { bounce_class: '53', raw_reason: 'rejected' }),
      spEvent('out_of_band', 'sp-42', 'unsub@sp.example', { bounce_class: '90' }),
      spEvent('bounce', 'sp-43', 'norcpt@sp.example', { bounce_class: 30 }),
    ]);
    expect(r.json).toMatchObject({ new: 4 });
    expect(records('dns@sp.example')[0]).toMatchObject({ type: 'soft', reason: 'hostunknown' });
    expect(records('attach@sp.example')[0]).toMatchObject({ type: 'soft', reason: 'policyviolation' });
    expect(suppression('unsub@sp.example')).toEqual({ type: 'hard', reason: 'suppressed' });
    expect(records('norcpt@sp.example')[0]).toMatchObject({ type: 'hard', reason: 'userunknown' });
  });

  it('counts a retried batch and an event in another batch once', async () => {
    const a = spEvent('bounce', 'sp-20', 'twice@sp.example', { bounce_class: '10', raw_reason: '550 5.1.1 unknown user', error_code: '550' });
    const b = spEvent('bounce', 'sp-21', 'other@sp.example', { bounce_class: '40', raw_reason: '550 rejected', error_code: '550' });
    expect((await spPost([a])).json).toMatchObject({ new: 1 });
    expect((await spPost([a])).json).toMatchObject({ new: 0, duplicates: 1, records: 0 });
    expect((await spPost([b, a], basic(SP.username, SP.password))).json).toMatchObject({ received: 2, new: 1, duplicates: 1 });
    expect(records('twice@sp.example')).toHaveLength(1);
    // the same event twice in one batch
    const c = spEvent('spam_complaint', 'sp-22', 'dup@sp.example', { fbtype: 'abuse' });
    expect((await spPost([c, c])).json).toMatchObject({ received: 2, new: 1, duplicates: 1, records: 1 });
  });

  it('takes HTTP Basic or the token; refuses none, wrong ones and a malformed batch, storing nothing', async () => {
    const body = [spEvent('bounce', 'sp-30', 'x@sp.example', { bounce_class: '10' })];
    const before = messageCount();
    expect((await spPost(body, {})).status).toBe(401);
    expect((await spPost(body, { 'x-rebound-token': 'not-the-token-0123456789' })).status).toBe(403);
    expect((await spPost(body, basic(SP.username, 'wrong-password-0000000'))).status).toBe(403);
    const bad = await spPost([spEvent('bounce', 'sp-31', 'ok@sp.example', { bounce_class: '10' }), { msys: { message_event: { type: 'bounce', event_id: 'sp-32' } } }]);
    expect(bad).toMatchObject({ status: 400, json: { field: '[1].msys.message_event.rcpt_to' } });
    expect((await spPost({ msys: {} } as unknown as unknown[])).json).toMatchObject({ field: 'body' });
    expect(messageCount()).toBe(before);
  });
});

// --- Brevo -------------------------------------------------------------------------------------

/** A transactional webhook event in the documented shape (developers.brevo.com). */
const brevoEvent = (event: string, email: string, messageId: string, tsEvent: number, extra: Record<string, unknown> = {}) => ({
  event, email, id: 26224, date: '2024-05-06 12:00:00', ts: tsEvent - 30, 'message-id': messageId, ts_event: tsEvent, ts_epoch: tsEvent * 1000 + 123,
  subject: 'Hello', 'X-Mailin-custom': 'campaign-7', sending_ip: '192.0.2.20', template_id: 22, tags: ['transactional'], ...extra,
});
const bearer = { authorization: `Bearer ${BREVO.token}` };
const brevoPost = (body: unknown, headers: Record<string, string> = bearer) => api.post('brevo', JSON.stringify(body), headers);

describe('Brevo', () => {
  it('maps hard_bounce, soft_bounce, deferred, blocked, invalid_email, spam and suppresses an unsubscribed when configured', async () => {
    const t = 1714990000;
    const hard = await brevoPost(brevoEvent('hard_bounce', 'gone@brevo.example', '<202405061200.1@smtp-relay.mailin.fr>', t, { reason: '550 5.1.1 The email account that you tried to reach does not exist' }));
    expect(hard).toMatchObject({ status: 200, json: { provider: 'brevo', new: 1, suppressed: ['gone@brevo.example'] } });
    expect(records('gone@brevo.example')[0]).toMatchObject({ type: 'hard', reason: 'userunknown', smtp_code: 550, original_message_id: '<202405061200.1@smtp-relay.mailin.fr>' });
    const batch = [
      brevoEvent('soft_bounce', 'full@brevo.example', '<m2@relay>', t, { reason: '552 5.2.2 mailbox full' }),
      brevoEvent('deferred', 'later@brevo.example', '<m3@relay>', t, { reason: '421 4.7.0 Try again later' }),
      brevoEvent('blocked', 'listed@brevo.example', '<m4@relay>', t),
      brevoEvent('invalid_email', 'not-valid@brevo.example', '<m5@relay>', t),
      brevoEvent('spam', 'angry@brevo.example', '<m6@relay>', t),
      brevoEvent('unsubscribed', 'bye@brevo.example', '<m7@relay>', t),
      brevoEvent('opened', 'reader@brevo.example', '<m8@relay>', t),
    ];
    const r = await brevoPost(batch, basic(BREVO.username, BREVO.password));
    expect(r).toMatchObject({ status: 200, json: { received: 6, new: 6, ignored: 1 } });
    expect(records('full@brevo.example')[0]).toMatchObject({ type: 'soft', reason: 'mailboxfull' });
    expect(records('later@brevo.example')[0]).toMatchObject({ kind: 'delay', type: 'soft' });
    expect(records('listed@brevo.example')[0]).toMatchObject({ reason: 'suppressed', type: null });
    expect(suppression('listed@brevo.example')).toBeUndefined();
    expect(suppression('not-valid@brevo.example')).toEqual({ type: 'hard', reason: 'userunknown' });
    expect(suppression('angry@brevo.example')).toEqual({ type: 'complaint', reason: 'abuse' });
    expect(suppression('bye@brevo.example')).toEqual({ type: 'manual', reason: 'brevo unsubscribe' });
    // the whole batch again (Brevo retries): nothing changes, the unsubscribe is not acted on twice
    expect((await brevoPost(batch, bearer)).json).toMatchObject({ new: 0, duplicates: 6, records: 0, suppressed: [] });
    // the same kind of event for the same message and recipient at another time is another event
    expect((await brevoPost(brevoEvent('deferred', 'later@brevo.example', '<m3@relay>', t + 600))).json).toMatchObject({ new: 1 });
    expect(records('later@brevo.example')).toHaveLength(2);
  });

  it('refuses none, wrong or other credentials and a malformed event, storing nothing', async () => {
    const e = brevoEvent('hard_bounce', 'x@brevo.example', '<m9@relay>', 1714990000);
    const before = messageCount();
    expect((await brevoPost(e, {})).status).toBe(401);
    expect((await brevoPost(e, { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(403);
    expect((await brevoPost(e, basic(BREVO.username, 'wrong-password-000000'))).status).toBe(403);
    const { 'message-id': _, ...noId } = e;
    expect(await brevoPost(noId)).toMatchObject({ status: 400, json: { field: 'message-id' } });
    expect(await brevoPost([e, { event: 'hard_bounce', 'message-id': '<m10@relay>' }])).toMatchObject({ status: 400, json: { field: '[1].email' } });
    expect(messageCount()).toBe(before);
  });
});

describe('the OpenAPI document', () => {
  it('lists sparkpost and brevo among the providers of POST /v1/events/{provider}', async () => {
    const doc = (await (await fetch(`${api.http.address}/v1/openapi.json`)).json()) as any;
    const param = doc.paths['/v1/events/{provider}'].post.parameters.find((p: { name: string }) => p.name === 'provider');
    expect(param.schema.enum).toEqual(expect.arrayContaining(['sparkpost', 'brevo']));
    expect(doc.paths['/v1/events/{provider}'].post.description).toContain('sparkpost');
  });
});

describe('settings', () => {
  it('turns a provider on with either credential, and wants the username and password together', () => {
    expect(parseEventsSettings({ sparkpost: { token: SP.token } }).sparkpost).toMatchObject({ token: SP.token, tokenHeader: 'x-rebound-token' });
    expect(parseEventsSettings({ brevo: { token: BREVO.token } }).brevo).toMatchObject({ tokenHeader: 'authorization', unsubscribes: 'ignore' });
    expect(() => parseEventsSettings({ brevo: { username: 'u' } })).toThrow(/events\.brevo\.password/);
    expect(() => parseEventsSettings({ sparkpost: { token: 'short' } })).toThrow(/events\.sparkpost\.token/);
  });
});
