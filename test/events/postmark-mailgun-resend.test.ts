// Postmark (HTTP Basic), Mailgun (HMAC of timestamp and token, a token replay cache) and Resend
// (Svix signatures) over HTTP, with secrets the test makes.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { join } from 'node:path';
import { type EventsApi, mailgunSignature, rows, startEventsApi, svixHeaders } from '../helpers/events.js';
import { openStore } from '../../src/store/open.js';
import { pipelineContext } from '../../src/pipeline/context.js';
import { startHttp } from '../../src/http/server.js';
import { parseHttpSettings } from '../../src/config/http.js';
import { parseEventsSettings } from '../../src/config/events.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const PM = { username: 'postmark', password: 'postmark-password-0123' };
const MAILGUN_KEY = 'mailgun-signing-key-0123456789';
const RESEND_SECRET = `whsec_${Buffer.from('resend-test-secret-0123456789').toString('base64')}`;
let api: EventsApi;

const basic = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });
const records = (address: string) => rows(api.t, 'select * from bounces where recipient = ?', address);
const suppression = (address: string) => rows(api.t, 'select type, reason from suppressions where address = ? and lifted_at is null', address)[0];
const messageCount = () => rows(api.t, 'select count(*) as n from messages')[0].n as number;

beforeAll(async () => {
  api = await startEventsApi({ postmark: PM, mailgun: { signingKey: MAILGUN_KEY }, resend: { secret: RESEND_SECRET } });
});
afterAll(async () => api?.close());

// --- Postmark ---------------------------------------------------------------------------------

const pmBounce = (id: number, type: string, typeCode: number, email: string, details = '') =>
  JSON.stringify({
    RecordType: 'Bounce', MessageStream: 'outbound', ID: id, Type: type, TypeCode: typeCode, Name: type, Tag: 'campaign', MessageID: '883953f4-6105-42a2-a16a-77a8eac79483',
    ServerID: 23, Description: 'The server was unable to deliver your message (ex: unknown user, mailbox not found).', Details: details, Email: email,
    From: 'sender@sender.example', BouncedAt: '2024-05-06T10:00:00Z', DumpAvailable: true, Inactive: true, CanActivate: true, Subject: 'Hello',
  });

describe('Postmark', () => {
  it('maps bounce types: HardBounce and BadEmailAddress hard, SoftBounce and DnsError soft, AutoResponder an auto-reply; and SpamComplaint', async () => {
    const post = (body: string) => api.post('postmark', body, basic(PM.username, PM.password));
    expect((await post(pmBounce(1, 'HardBounce', 1, 'gone@pm.example', 'smtp;550 5.1.1 The email account that you tried to reach does not exist.'))).json).toMatchObject({ new: 1, suppressed: ['gone@pm.example'] });
    await post(pmBounce(2, 'BadEmailAddress', 100000, 'bad@pm.example'));
    await post(pmBounce(3, 'SoftBounce', 4096, 'full@pm.example', 'smtp;552 5.2.2 mailbox full'));
    await post(pmBounce(4, 'DnsError', 256, 'dns@pm.example'));
    await post(pmBounce(5, 'AutoResponder', 64, 'away@pm.example', 'I am out of the office'));
    const complaint = JSON.stringify({ RecordType: 'SpamComplaint', ID: 6, Type: 'SpamComplaint', TypeCode: 100001, Email: 'angry@pm.example', BouncedAt: '2024-05-06T10:00:00Z', MessageID: 'm-6' });
    expect((await post(complaint)).json).toMatchObject({ new: 1, suppressed: ['angry@pm.example'] });
    expect(records('gone@pm.example')[0]).toMatchObject({ type: 'hard', reason: 'userunknown', smtp_code: 550, status: '5.1.1', original_message_id: '883953f4-6105-42a2-a16a-77a8eac79483' });
    expect(suppression('bad@pm.example')).toEqual({ type: 'hard', reason: 'userunknown' });
    expect(records('full@pm.example')[0]).toMatchObject({ type: 'soft', reason: 'mailboxfull' });
    expect(records('dns@pm.example')[0]).toMatchObject({ type: 'soft', reason: 'networkerror' });
    expect(records('away@pm.example')[0]).toMatchObject({ kind: 'auto-reply', reason: 'vacation' });
    expect(suppression('away@pm.example')).toBeUndefined();
    expect(suppression('angry@pm.example')).toEqual({ type: 'complaint', reason: 'abuse' });
    // the same record again (Postmark retries) counts once
    expect((await post(pmBounce(1, 'HardBounce', 1, 'gone@pm.example'))).json).toMatchObject({ new: 0, duplicates: 1 });
    expect(records('gone@pm.example')).toHaveLength(1);
  });

  it('refuses missing or wrong credentials and a malformed record, storing nothing', async () => {
    const before = messageCount();
    expect((await api.post('postmark', pmBounce(9, 'HardBounce', 1, 'x@pm.example'))).status).toBe(401);
    expect((await api.post('postmark', pmBounce(9, 'HardBounce', 1, 'x@pm.example'), basic(PM.username, 'wrong-password-0000'))).status).toBe(403);
    const bad = await api.post('postmark', JSON.stringify({ RecordType: 'Bounce', ID: 10, Type: 'HardBounce' }), basic(PM.username, PM.password));
    expect(bad).toMatchObject({ status: 400, json: { field: 'Email' } });
    expect(messageCount()).toBe(before);
  });
});

// --- Mailgun ----------------------------------------------------------------------------------

const mgBody = (token: string, ts: number, data: Record<string, unknown>) => JSON.stringify({ signature: mailgunSignature(MAILGUN_KEY, ts, token), 'event-data': data });
const failed = (id: string, recipient: string, severity: string, reason: string, code: number, message: string) => ({
  id, event: 'failed', timestamp: 1714990000.123, severity, reason, recipient,
  'delivery-status': { code, message, description: '', 'attempt-no': 1, 'mx-host': 'mx.dest.example' },
  message: { headers: { 'message-id': '20240506.1234@sender.example' } },
});

describe('Mailgun', () => {
  it('maps failed permanent to a bounce, temporary to a delay, complained to a complaint', async () => {
    const now = api.now();
    const p = await api.post('mailgun', mgBody('tok-1', now, failed('ev-1', 'gone@mg.example', 'permanent', 'bounce', 550, '5.1.1 The email account that you tried to reach does not exist')));
    expect(p).toMatchObject({ status: 200, json: { new: 1, suppressed: ['gone@mg.example'] } });
    expect(records('gone@mg.example')[0]).toMatchObject({ type: 'hard', reason: 'userunknown', smtp_code: 550, remote_mta: 'mx.dest.example', original_message_id: '20240506.1234@sender.example' });
    await api.post('mailgun', mgBody('tok-2', now, failed('ev-2', 'later@mg.example', 'temporary', 'generic', 452, '4.2.2 The email account that you tried to reach is over quota')));
    expect(records('later@mg.example')[0]).toMatchObject({ kind: 'delay', action: 'delayed', type: 'soft', reason: 'mailboxfull' });
    await api.post('mailgun', mgBody('tok-3', now, failed('ev-3', 'listed@mg.example', 'permanent', 'suppress-bounce', 605, 'Not delivering to previously bounced address')));
    expect(suppression('listed@mg.example')).toEqual({ type: 'hard', reason: 'suppressed' });
    await api.post('mailgun', mgBody('tok-4', now, { id: 'ev-4', event: 'complained', timestamp: 1714990000, recipient: 'angry@mg.example' }));
    expect(suppression('angry@mg.example')).toEqual({ type: 'complaint', reason: 'abuse' });
    const opened = await api.post('mailgun', mgBody('tok-5', now, { id: 'ev-5', event: 'opened', recipient: 'x@mg.example' }));
    expect(opened.json).toMatchObject({ received: 0, ignored: 1 });
  });

  it('takes a retry of the same event (same token) as a duplicate, refuses a used token with another event, and old or forged signatures', async () => {
    const before = messageCount();
    const now = api.now();
    const body = mgBody('tok-r', now, failed('ev-r', 'retry@mg.example', 'permanent', 'bounce', 550, '5.1.1 no such user'));
    expect((await api.post('mailgun', body)).json).toMatchObject({ new: 1 });
    expect((await api.post('mailgun', body)).json).toMatchObject({ new: 0, duplicates: 1 });
    // the signature covers timestamp and token only: the same block on another event is a replay
    const replay = await api.post('mailgun', mgBody('tok-r', now, failed('ev-other', 'victim@mg.example', 'permanent', 'bounce', 550, '5.1.1 no such user')));
    expect(replay).toMatchObject({ status: 403 });
    expect(replay.json.message).toContain('replay');
    const expired = await api.post('mailgun', mgBody('tok-old', now - 3600, failed('ev-o', 'victim@mg.example', 'permanent', 'bounce', 550, 'x')));
    expect(expired.status).toBe(403);
    const forged = JSON.parse(mgBody('tok-f', now, failed('ev-f', 'victim@mg.example', 'permanent', 'bounce', 550, 'x')));
    forged.signature.signature = 'ab'.repeat(32);
    expect((await api.post('mailgun', JSON.stringify(forged))).status).toBe(403);
    expect(messageCount()).toBe(before + 1);
    expect(records('victim@mg.example')).toEqual([]);
  });

  it('answers 406 for a payload Mailgun should not send again', async () => {
    const before = messageCount();
    expect(await api.post('mailgun', '{"signature": ')).toMatchObject({ status: 406, json: { field: 'body' } });
    const noRecipient = await api.post('mailgun', mgBody('tok-m', api.now(), { id: 'ev-m', event: 'failed', severity: 'permanent' }));
    expect(noRecipient).toMatchObject({ status: 406, json: { field: 'event-data.recipient' } });
    expect(messageCount()).toBe(before);
  });
  it('keeps used tokens in the store: another server on the same store (a restart, another host) refuses a replay, and expired tokens are deleted', async () => {
    const now = api.now();
    const first = await api.post('mailgun', mgBody('tok-h', now, failed('ev-h', 'host@mg.example', 'permanent', 'bounce', 550, '5.1.1 no such user')));
    expect(first).toMatchObject({ status: 200, json: { new: 1 } });
    // a second handle and server over the same SQLite file
    const store2 = await openStore(join(api.t.dir, 'rebound.db'));
    const http2 = await startHttp(pipelineContext(store2, { now: () => api.t.ctx.now() }), parseHttpSettings({ port: 0 }), { logger: api.log.logger, events: parseEventsSettings({ mailgun: { signingKey: MAILGUN_KEY } }) });
    try {
      const post2 = async (body: string) => {
        const res = await fetch(`${http2.address}/v1/events/mailgun`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
        return { status: res.status, json: (await res.json()) as any };
      };
      const replay = await post2(mgBody('tok-h', now, failed('ev-h2', 'victim2@mg.example', 'permanent', 'bounce', 550, '5.1.1 no such user')));
      expect(replay).toMatchObject({ status: 403 });
      expect(replay.json.message).toContain('replay');
      expect((await post2(mgBody('tok-h', now, failed('ev-h', 'host@mg.example', 'permanent', 'bounce', 550, '5.1.1 no such user')))).json).toMatchObject({ new: 0, duplicates: 1 });
      expect(records('victim2@mg.example')).toEqual([]);
    } finally {
      await http2.stop();
      await store2.close();
    }
    const tokens = () => rows(api.t, "select token from event_tokens where provider = 'mailgun' order by token").map((r) => r.token);
    expect(tokens()).toContain('tok-h');
    // past the window, the next token use deletes the expired ones
    await expect(api.t.ctx.port.useEventToken('mailgun', 'tok-later', 'ev-later', now + 3600, now + 4000)).resolves.toBe('fresh');
    expect(tokens()).toEqual(['tok-later']);
    await expect(api.t.ctx.port.useEventToken('mailgun', 'tok-later', 'ev-later', now + 3601, now + 4000)).resolves.toBe('same');
    await expect(api.t.ctx.port.useEventToken('mailgun', 'tok-later', 'ev-else', now + 3601, now + 4000)).resolves.toBe('replay');
  });
});

// --- Resend -----------------------------------------------------------------------------------

const rsEvent = (type: string, to: string, bounce?: Record<string, string>) =>
  JSON.stringify({ type, created_at: '2024-05-06T09:00:00.000Z', data: { created_at: '2024-05-06T08:59:00.000Z', email_id: '56761188-7520-42d8-8898-ff6fc54ce618', from: 'Acme <onboarding@sender.example>', to: [to], subject: 'Hi', ...(bounce ? { bounce } : {}) } });

describe('Resend', () => {
  it('maps email.bounced through the SES types, email.complained to a complaint; counts each svix-id once', async () => {
    const now = api.now();
    const b = rsEvent('email.bounced', 'gone@rs.example', { message: "The recipient's email address is on the suppression list because it has a recent history of producing hard bounces.", subType: 'Suppressed', type: 'Permanent' });
    expect((await api.post('resend', b, svixHeaders(RESEND_SECRET, 'msg_1', now, b))).json).toMatchObject({ new: 1, suppressed: ['gone@rs.example'] });
    expect(suppression('gone@rs.example')).toEqual({ type: 'hard', reason: 'suppressed' });
    const u = rsEvent('email.bounced', 'nouser@rs.example', { message: '550 5.1.1 user unknown', subType: 'General', type: 'Permanent' });
    await api.post('resend', u, svixHeaders(RESEND_SECRET, 'msg_2', now, u));
    expect(records('nouser@rs.example')[0]).toMatchObject({ type: 'hard', reason: 'userunknown', original_message_id: '56761188-7520-42d8-8898-ff6fc54ce618' });
    const c = rsEvent('email.complained', 'angry@rs.example');
    await api.post('resend', c, svixHeaders(RESEND_SECRET, 'msg_3', now, c));
    expect(suppression('angry@rs.example')).toEqual({ type: 'complaint', reason: 'abuse' });
    expect((await api.post('resend', b, svixHeaders(RESEND_SECRET, 'msg_1', now + 5, b))).json).toMatchObject({ new: 0, duplicates: 1 });
    const sent = rsEvent('email.sent', 'x@rs.example');
    expect((await api.post('resend', sent, svixHeaders(RESEND_SECRET, 'msg_4', now, sent))).json).toMatchObject({ ignored: 1, received: 0 });
  });

  it('refuses forged, unsigned and expired requests, and answers 400 for a malformed event', async () => {
    const before = messageCount();
    const now = api.now();
    const b = rsEvent('email.bounced', 'victim@rs.example', { message: 'x', subType: 'General', type: 'Permanent' });
    const h = svixHeaders(RESEND_SECRET, 'msg_f', now, b);
    expect((await api.post('resend', b.replace('victim@', 'other@'), h)).status).toBe(403);
    expect((await api.post('resend', b)).status).toBe(401);
    expect((await api.post('resend', b, svixHeaders(RESEND_SECRET, 'msg_f', now - 3600, b))).status).toBe(403);
    const other = `whsec_${Buffer.from('another-secret-entirely-0000').toString('base64')}`;
    expect((await api.post('resend', b, svixHeaders(other, 'msg_f', now, b))).status).toBe(403);
    const bad = JSON.stringify({ type: 'email.bounced', data: { email_id: 'x' } });
    expect(await api.post('resend', bad, svixHeaders(RESEND_SECRET, 'msg_b', now, bad))).toMatchObject({ status: 400, json: { field: 'data.to' } });
    expect(messageCount()).toBe(before);
  });
});
