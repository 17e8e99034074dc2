// Amazon SES through SNS, end to end over HTTP: SNS messages signed (SignatureVersion 1 and 2) by
// a certificate the test makes, served over HTTPS by a local server that only the test's CA vouches
// for; the configured host pattern still decides what may be fetched.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reparse } from '../../src/pipeline/reparse.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { type EventsApi, type SnsServer, TOPIC, rows, snsNotification, startEventsApi, startSnsServer } from '../helpers/events.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 180_000 });

const dir = mkdtempSync(join(tmpdir(), 'rebound-sns-'));
let sns: SnsServer;
let api: EventsApi;
let manual: EventsApi;

const sesConfig = (autoConfirm: boolean) => ({ ses: { topicArns: [TOPIC], certHostPattern: '^localhost$', caFile: sns.ca.caFile, autoConfirm } });
const mail = { messageId: '0100018f-ses-id', destination: ['gone@dest.example'], commonHeaders: { messageId: '<campaign-1@sender.example>' } };
const bounce = (bounceType: string, bounceSubType: string, recipients: unknown[]) => ({
  notificationType: 'Bounce',
  mail,
  bounce: { bounceType, bounceSubType, bouncedRecipients: recipients, timestamp: '2024-05-06T11:58:00.000Z', reportingMTA: 'dsn; a8-70.smtp-out.amazonses.com', feedbackId: 'f1' },
});

const records = (address: string) => rows(api.t, 'select b.*, m.raw_format, m.source, m.event_key from bounces b join messages m on m.id = b.message_id where recipient = ?', address);
const suppression = (address: string) => rows(api.t, 'select type, reason from suppressions where address = ? and lifted_at is null', address)[0];
const messageCount = () => rows(api.t, 'select count(*) as n from messages')[0].n as number;

beforeAll(async () => {
  sns = await startSnsServer(dir);
  api = await startEventsApi(sesConfig(true), 'test-token-0123456789');
  manual = await startEventsApi(sesConfig(false));
  ensureBuilt(['cli/subscriptions.js']);
});

afterAll(async () => {
  await api?.close();
  await manual?.close();
  await sns?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SES through SNS', () => {
  it('records a Permanent bounce, signed with SignatureVersion 1, as a hard bounce with its code, and keeps the raw body', async () => {
    const body = sns.sign(snsNotification(bounce('Permanent', 'General', [{ emailAddress: 'gone@dest.example', action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 <gone@dest.example>: Recipient address rejected: User unknown' }]), 'sns-1'));
    const r = await api.post('ses', body, { 'content-type': 'text/plain; charset=UTF-8' });
    expect(r).toMatchObject({ status: 200, json: { provider: 'ses', received: 1, new: 1, records: 1, suppressed: ['gone@dest.example'] } });
    const [rec] = records('gone@dest.example');
    expect(rec).toMatchObject({ kind: 'bounce', type: 'hard', reason: 'userunknown', status: '5.1.1', smtp_code: 550, raw_format: 'ses', source: 'event', event_key: 'ses:sns-1', original_message_id: '<campaign-1@sender.example>', reporting_mta: 'a8-70.smtp-out.amazonses.com', event_at: '2024-05-06T11:58:00.000Z' });
    expect(suppression('gone@dest.example')).toEqual({ type: 'hard', reason: 'userunknown' });
    const raw = rows(api.t, 'select raw from message_raw where message_id = ?', rec.message_id)[0].raw as Buffer;
    expect(raw.toString('utf8')).toBe(body);
  });

  it('verifies SignatureVersion 2 (SHA256) and records a complaint with its feedback type', async () => {
    const complaint = { notificationType: 'Complaint', mail, complaint: { complainedRecipients: [{ emailAddress: 'Reader@Other.example' }], timestamp: '2024-05-06T11:00:00.000Z', complaintFeedbackType: 'abuse', feedbackId: 'f2' } };
    const r = await api.post('ses', sns.sign(snsNotification(complaint, 'sns-2'), '2'));
    expect(r.json).toMatchObject({ new: 1, records: 1, suppressed: ['reader@other.example'] });
    expect(records('reader@other.example')[0]).toMatchObject({ kind: 'complaint', feedback_type: 'abuse', reason: 'feedback' });
    expect(suppression('reader@other.example')).toEqual({ type: 'complaint', reason: 'abuse' });
  });

  it('decides a Transient bounce with a 5.x.x status by its code, and a mailbox-full one as soft', async () => {
    const r = await api.post('ses', sns.sign(snsNotification(bounce('Transient', 'General', [
      { emailAddress: 'nouser@dest.example', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 The email account that you tried to reach does not exist' },
      { emailAddress: 'full@dest.example' },
    ]), 'sns-3')));
    expect(r.json).toMatchObject({ new: 1, records: 2, suppressed: ['nouser@dest.example'] });
    expect(records('nouser@dest.example')[0]).toMatchObject({ type: 'hard', reason: 'userunknown' });
    expect(records('full@dest.example')[0]).toMatchObject({ type: 'soft', reason: 'undefined', action: 'failed' });
    const full = await api.post('ses', sns.sign(snsNotification(bounce('Transient', 'MailboxFull', [{ emailAddress: 'box@dest.example' }]), 'sns-3b')));
    expect(full.json).toMatchObject({ records: 1, suppressed: [] });
    expect(records('box@dest.example')[0]).toMatchObject({ type: 'soft', reason: 'mailboxfull' });
  });

  it('maps the Suppressed and OnAccountSuppressionList subtypes to reason suppressed, a delay to a delay, Reject to a sender-side block', async () => {
    await api.post('ses', sns.sign(snsNotification(bounce('Permanent', 'Suppressed', [{ emailAddress: 'listed@dest.example', diagnosticCode: 'Amazon SES has suppressed sending to this address because it has a recent history of bouncing as an invalid address.' }]), 'sns-4')));
    await api.post('ses', sns.sign(snsNotification(bounce('Permanent', 'OnAccountSuppressionList', [{ emailAddress: 'account@dest.example' }]), 'sns-5')));
    expect(suppression('listed@dest.example')).toEqual({ type: 'hard', reason: 'suppressed' });
    expect(suppression('account@dest.example')).toEqual({ type: 'hard', reason: 'suppressed' });
    const delay = { eventType: 'DeliveryDelay', mail, deliveryDelay: { delayType: 'MailboxFull', delayedRecipients: [{ emailAddress: 'slow@dest.example', status: '4.2.2', diagnosticCode: 'smtp; 452 4.2.2 Mailbox full' }], timestamp: '2024-05-06T10:00:00.000Z', expirationTime: '2024-05-07T10:00:00.000Z' } };
    const d = await api.post('ses', sns.sign(snsNotification(delay, 'sns-6')));
    expect(d.json).toMatchObject({ records: 1, suppressed: [] });
    expect(records('slow@dest.example')[0]).toMatchObject({ kind: 'delay', action: 'delayed', type: 'soft', reason: 'mailboxfull' });
    const reject = { eventType: 'Reject', mail: { ...mail, destination: ['clean@dest.example'] }, reject: { reason: 'Bad content' } };
    const j = await api.post('ses', sns.sign(snsNotification(reject, 'sns-7')));
    expect(j.json).toMatchObject({ records: 1, suppressed: [] });
    expect(records('clean@dest.example')[0]).toMatchObject({ reason: 'virusdetected', type: 'soft' });
    // Delivery, Send, Open... are not kept
    const delivered = await api.post('ses', sns.sign(snsNotification({ eventType: 'Delivery', mail, delivery: {} }, 'sns-8')));
    expect(delivered.json).toMatchObject({ received: 0, ignored: 1 });
    // SES's text when an event destination is set up
    const setup = { Type: 'Notification', MessageId: 'sns-setup', TopicArn: TOPIC, Message: 'Successfully validated SNS topic for Amazon SES event publishing.', Timestamp: '2024-05-06T09:00:00.000Z' };
    expect((await api.post('ses', sns.sign(setup))).json).toMatchObject({ received: 0, ignored: 1 });
  });

  it('counts a retried delivery once (the SNS MessageId), and fetched the certificate once', async () => {
    const before = messageCount();
    const body = sns.sign(snsNotification(bounce('Permanent', 'NoEmail', [{ emailAddress: 'twice@dest.example' }]), 'sns-9'));
    const first = await api.post('ses', body);
    // a redelivery: the same MessageId, signed again (the signature differs in nothing that matters)
    const again = await api.post('ses', sns.sign(snsNotification(bounce('Permanent', 'NoEmail', [{ emailAddress: 'twice@dest.example' }]), 'sns-9'), '2'));
    expect(first.json).toMatchObject({ new: 1, records: 1 });
    expect(again.json).toMatchObject({ new: 0, duplicates: 1, records: 0 });
    expect(messageCount()).toBe(before + 1);
    expect(records('twice@dest.example')).toHaveLength(1);
    expect(records('twice@dest.example')[0]).toMatchObject({ type: 'hard', reason: 'userunknown' });
    expect(sns.requests.filter((p) => p === '/cert.pem')).toHaveLength(1);
  });

  it('refuses a forged message, a topic not configured and a certificate from another host, storing nothing', async () => {
    const before = messageCount();
    const signed = JSON.parse(sns.sign(snsNotification(bounce('Permanent', 'General', [{ emailAddress: 'victim@dest.example' }]), 'sns-f1')));
    signed.Message = JSON.stringify(bounce('Permanent', 'General', [{ emailAddress: 'other-victim@dest.example' }]));
    const forged = await api.post('ses', JSON.stringify(signed));
    expect(forged).toMatchObject({ status: 403, json: { error: 'forbidden' } });
    expect(forged.json.message).toContain('signature');
    const topic = await api.post('ses', sns.sign(snsNotification(bounce('Permanent', 'General', [{ emailAddress: 'victim@dest.example' }]), 'sns-f2', 'arn:aws:sns:eu-west-1:123456789012:someone-else')));
    expect(topic).toMatchObject({ status: 403, json: { field: 'TopicArn' } });
    const asked = sns.requests.length;
    const elsewhere = sns.certUrl.replace('localhost', '127.0.0.1');
    const host = await api.post('ses', sns.sign(snsNotification(bounce('Permanent', 'General', [{ emailAddress: 'victim@dest.example' }]), 'sns-f3'), '1', elsewhere));
    expect(host).toMatchObject({ status: 403, json: { field: 'SigningCertURL' } });
    const http = await api.post('ses', sns.sign(snsNotification(bounce('Permanent', 'General', [{ emailAddress: 'victim@dest.example' }]), 'sns-f4'), '1', sns.certUrl.replace('https:', 'http:')));
    expect(http.status).toBe(403);
    expect(sns.requests.length).toBe(asked);
    expect(messageCount()).toBe(before);
    expect(records('victim@dest.example')).toEqual([]);
  });

  it('answers 400 naming the field for a malformed body', async () => {
    const noTopic = await api.post('ses', JSON.stringify({ Type: 'Notification', MessageId: 'x', Message: '{}' }));
    expect(noTopic).toMatchObject({ status: 400, json: { error: 'invalid_body', field: 'TopicArn' } });
    const notJson = await api.post('ses', '{"Type": ');
    expect(notJson).toMatchObject({ status: 400, json: { field: 'body' } });
    const noRecipients = await api.post('ses', sns.sign(snsNotification({ notificationType: 'Bounce', mail, bounce: { bounceType: 'Permanent', bounceSubType: 'General' } }, 'sns-m1')));
    expect(noRecipients).toMatchObject({ status: 400, json: { field: 'Message.bounce.bouncedRecipients' } });
  });

  it('confirms a subscription by fetching its SubscribeURL, or keeps it pending when not allowed', async () => {
    const confirmation = (id: string) => ({ Type: 'SubscriptionConfirmation', MessageId: id, TopicArn: TOPIC, Token: 't0k3n', Message: 'You have chosen to subscribe', SubscribeURL: sns.subscribeUrl, Timestamp: '2024-05-06T11:00:00.000Z' });
    const r = await api.post('ses', sns.sign(confirmation('sub-1')));
    expect(r).toMatchObject({ status: 200, json: { received: 0, ignored: 1 } });
    expect(sns.requests.filter((p) => p.startsWith('/confirm'))).toHaveLength(1);
    const list = await fetch(`${api.http.address}/v1/events/ses/subscriptions`, { headers: { authorization: 'Bearer test-token-0123456789' } }).then((x) => x.json() as Promise<any>);
    expect(list.items).toMatchObject([{ topic_arn: TOPIC, state: 'confirmed', subscribe_url: sns.subscribeUrl }]);
    // the list is behind the bearer token
    expect((await fetch(`${api.http.address}/v1/events/ses/subscriptions`)).status).toBe(401);

    const m = await manual.post('ses', sns.sign(confirmation('sub-2')));
    expect(m.status).toBe(200);
    expect(sns.requests.filter((p) => p.startsWith('/confirm'))).toHaveLength(1);
    const pending = await fetch(`${manual.http.address}/v1/events/ses/subscriptions`).then((x) => x.json() as Promise<any>);
    expect(pending.items).toMatchObject([{ topic_arn: TOPIC, state: 'pending', confirmed_at: null }]);
    expect(manual.log.lines.some((l) => l.msg === 'SNS subscription not confirmed: confirm it by opening its SubscribeURL (GET /v1/events/ses/subscriptions lists them)' && l.subscribeUrl === sns.subscribeUrl)).toBe(true);
    // and `rebound subscriptions` shows it, with the URL to open
    const cli = await runCli(['--db', join(manual.t.dir, 'rebound.db'), 'subscriptions'], {});
    expect(cli).toMatchObject({ status: 0, stderr: '' });
    expect(cli.stdout).toMatch(new RegExp(`^${TOPIC}  pending  received \\S+\n  confirm: ${sns.subscribeUrl.replace(/[.?*+^$[\]\\(){}|-]/g, '\\$&')}\n$`));
  });

  it('reparse reads stored events with their decoder again, and finds nothing changed', () => {
    const n = messageCount();
    const r = reparse(api.t.ctx, 'all');
    expect(r.messages).toBe(n);
    expect(r.changed).toEqual([]);
    expect(r.suppressions).toEqual([]);
  });
});
