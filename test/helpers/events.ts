// What the provider-event tests share: the HTTP API on a loopback port with events configured,
// over a real SQLite file, and a poster; signers for each provider made with keys the tests make
// (an SNS signing certificate served over HTTPS by a local server with a throwaway CA).
import { createHash, createHmac, createSign, generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startHttp, type HttpServer } from '../../src/http/server.js';
import { parseHttpSettings } from '../../src/config/http.js';
import { parseEventsSettings } from '../../src/config/events.js';
import type { TempStore } from '../helpers.js';
import { type BackendStore, backendStore } from './backends.js';
import type { Backend } from '../../src/store/port.js';
import { capturingLogger, type CapturedLogger } from '../http/helpers.js';
import { OPENSSL_BIN, makeTestCa, type TestCa } from './test-ca.js';

export interface EventsApi {
  t: BackendStore;
  http: HttpServer;
  log: CapturedLogger;
  post(provider: string, body: string | Buffer, headers?: Record<string, string>): Promise<{ status: number; json: any }>;
  /** unix seconds of the store's clock */
  now(): number;
  close(): Promise<void>;
}

/** `backend`: the store the events are written to (on PostgreSQL `t.store` is the host's local spool) */
export async function startEventsApi(events: unknown, token?: string, backend: Backend = 'sqlite'): Promise<EventsApi> {
  const t = await backendStore(backend);
  const log = capturingLogger();
  const http = await startHttp(t.ctx, parseHttpSettings({ port: 0, ...(token ? { token } : {}) }), { logger: log.logger, events: parseEventsSettings(events) });
  return {
    t,
    http,
    log,
    async post(provider, body, headers = {}) {
      const res = await fetch(`${http.address}/v1/events/${provider}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : undefined };
    },
    now: () => Math.floor(t.ctx.now().getTime() / 1000),
    async close() {
      await http.stop();
      await t.cleanup();
    },
  };
}

/** Rows of a table, for assertions. */
export function rows(t: TempStore, sql: string, ...params: unknown[]): any[] {
  return t.store.sqlite.prepare(sql).all(...params);
}

// --- SNS ---------------------------------------------------------------------------------------

export interface SnsServer {
  ca: TestCa;
  /** https://localhost:<port>/cert.pem */
  certUrl: string;
  /** the URL a SubscriptionConfirmation names */
  subscribeUrl: string;
  /** paths requested, in order */
  requests: string[];
  sign(envelope: Record<string, string>, version?: '1' | '2', certUrl?: string): string;
  close(): Promise<void>;
}

/** An RSA signing certificate (as SNS uses) and an HTTPS server, trusted through a throwaway CA, that serves it. */
export async function startSnsServer(dir: string): Promise<SnsServer> {
  const ca = makeTestCa(dir);
  execFileSync(OPENSSL_BIN, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'sns.key'), '-out', join(dir, 'sns.pem'), '-days', '2', '-subj', '/CN=sns.test'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const signingKey = readFileSync(join(dir, 'sns.key'), 'utf8');
  const signingCert = readFileSync(join(dir, 'sns.pem'), 'utf8');
  const requests: string[] = [];
  const server: Server = createServer({ cert: readFileSync(ca.certFile), key: readFileSync(ca.keyFile) }, (req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/cert.pem') return void res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(signingCert);
    if (req.url?.startsWith('/confirm')) return void res.writeHead(200, { 'content-type': 'text/xml' }).end('<ConfirmSubscriptionResponse/>');
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `https://localhost:${(server.address() as AddressInfo).port}`;
  return {
    ca,
    certUrl: `${base}/cert.pem`,
    subscribeUrl: `${base}/confirm?Action=ConfirmSubscription&Token=t0k3n`,
    requests,
    sign(envelope, version = '1', certUrl = `${base}/cert.pem`) {
      const m: Record<string, string> = { ...envelope, SignatureVersion: version, SigningCertURL: certUrl };
      const fields = m.Type === 'Notification' ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
      const text = fields.filter((f) => m[f] !== undefined).map((f) => `${f}\n${m[f]}\n`).join('');
      m.Signature = createSign(version === '2' ? 'RSA-SHA256' : 'RSA-SHA1').update(text).sign(signingKey, 'base64');
      return JSON.stringify(m);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:ses-events';

/** An SNS Notification carrying an SES notification, unsigned. */
export function snsNotification(ses: unknown, messageId: string, topic = TOPIC): Record<string, string> {
  return { Type: 'Notification', MessageId: messageId, TopicArn: topic, Message: JSON.stringify(ses), Timestamp: '2024-05-06T11:59:00.000Z' };
}

// --- SendGrid, Mailgun, Svix ----------------------------------------------------------------------

export function sendgridKeys() {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    /** as SendGrid shows it: base64 of the DER SubjectPublicKeyInfo */
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    headers(body: string, timestamp: number) {
      const sig = cryptoSign('sha256', Buffer.from(`${timestamp}${body}`), privateKey).toString('base64');
      return { 'x-twilio-email-event-webhook-signature': sig, 'x-twilio-email-event-webhook-timestamp': String(timestamp) };
    },
  };
}

export function mailgunSignature(signingKey: string, timestamp: number, token: string) {
  return { timestamp: String(timestamp), token, signature: createHmac('sha256', signingKey).update(`${timestamp}${token}`).digest('hex') };
}

export function svixHeaders(secret: string, id: string, timestamp: number, body: string) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const sig = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'svix-id': id, 'svix-timestamp': String(timestamp), 'svix-signature': `v1,${sig}` };
}

export const sha = (s: string) => createHash('sha256').update(s).digest('hex');
