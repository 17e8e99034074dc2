// Small messages written for these tests, and a fresh store in a temporary directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store, type StoreOptions } from '../src/store/open.js';
import { type ContextOptions, pipelineContext, type PipelineContext } from '../src/pipeline/context.js';

let counter = 0;

export interface DsnOptions {
  action?: string;
  status?: string;
  diagnostic?: string;
  remoteMta?: string;
  /** makes otherwise equal messages differ (another Message-ID) */
  id?: string;
  /** the returned message's Return-Path (the envelope sender it was sent with) */
  returnPath?: string;
  /** the human-readable part's text (empty by default) */
  text?: string;
}

/** An RFC 3464 delivery status notification for one recipient. */
export function dsn(recipient: string, o: DsnOptions = {}): Buffer {
  const id = o.id ?? `t${++counter}`;
  const action = o.action ?? 'failed';
  const status = o.status ?? '5.1.1';
  const diagnostic = o.diagnostic ?? '550 5.1.1 <' + recipient + '>: Recipient address rejected: User unknown';
  return Buffer.from(
    [
      'From: MAILER-DAEMON@mx.sender.example (Mail Delivery System)',
      'To: bounces@sender.example',
      `Subject: Undelivered Mail Returned to Sender`,
      `Message-ID: <${id}@mx.sender.example>`,
      'Date: Mon, 06 May 2024 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"',
      '',
      '--BOUNDARY',
      'Content-Type: text/plain',
      '',
      o.text ?? '',
      '--BOUNDARY',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.sender.example',
      '',
      `Final-Recipient: rfc822; ${recipient}`,
      `Action: ${action}`,
      `Status: ${status}`,
      `Remote-MTA: dns; ${o.remoteMta ?? 'mx.dest.example'}`,
      `Diagnostic-Code: smtp; ${diagnostic}`,
      '',
      '--BOUNDARY',
      'Content-Type: text/rfc822-headers',
      '',
      ...(o.returnPath ? [`Return-Path: <${o.returnPath}>`] : []),
      'From: news@sender.example',
      `To: ${recipient}`,
      'Subject: Our news',
      `Message-ID: <orig-${id}@sender.example>`,
      '',
      '--BOUNDARY--',
      '',
    ].join('\r\n'),
  );
}

export const hard = (rcpt: string, id?: string) => dsn(rcpt, { id });
export const mailboxFull = (rcpt: string, id?: string) =>
  dsn(rcpt, { id, status: '4.2.2', diagnostic: '452 4.2.2 Mailbox full: user is over quota' });
export const blocked = (rcpt: string, id?: string) =>
  dsn(rcpt, { id, status: '5.7.1', diagnostic: '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org' });
export const delivered = (rcpt: string, id?: string) =>
  dsn(rcpt, { id, action: 'delivered', status: '2.0.0', diagnostic: '250 2.0.0 OK queued' });
export const delayed = (rcpt: string, id?: string) =>
  dsn(rcpt, { id, action: 'delayed', status: '4.4.7', diagnostic: '452 4.2.2 Mailbox full' });

/** An ARF (RFC 5965) complaint about a message sent to `rcpt`. */
export function complaint(rcpt: string, feedbackType: string, id = `c${++counter}`, mailFrom = 'bounces@sender.example'): Buffer {
  return Buffer.from(
    [
      'From: feedback@fbl.example',
      'To: fbl@sender.example',
      'Subject: FW: Our news',
      `Message-ID: <${id}@fbl.example>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=feedback-report; boundary="B"',
      '',
      '--B',
      'Content-Type: text/plain',
      '',
      'This is an email abuse report.',
      '',
      '--B',
      'Content-Type: message/feedback-report',
      '',
      `Feedback-Type: ${feedbackType}`,
      'User-Agent: FBL/1.0',
      'Version: 1',
      `Original-Mail-From: <${mailFrom}>`,
      `Original-Rcpt-To: <${rcpt}>`,
      'Source-IP: 192.0.2.1',
      '',
      '--B',
      'Content-Type: message/rfc822',
      '',
      'From: news@sender.example',
      `To: ${rcpt}`,
      'Subject: Our news',
      `Message-ID: <orig-${id}@sender.example>`,
      '',
      'Hello',
      '--B--',
      '',
    ].join('\r\n'),
  );
}

/** A DSN that names no recipient at all: only the return path tells who it was; `top` adds header lines. */
export function anonymousDsn(id: string, top: string[] = []): Buffer {
  return Buffer.from(
    [
      ...top,
      'From: MAILER-DAEMON@mx.dest.example',
      'To: bounces@bounce.test',
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <${id}@mx.dest.example>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      '',
      '--B',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '',
      '--B',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.dest.example',
      '',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
      '',
      '--B--',
      '',
    ].join('\r\n'),
  );
}

export function autoReply(from: string, id = `a${++counter}`): Buffer {
  return Buffer.from(
    [
      `From: ${from}`,
      'To: bounces@sender.example',
      'Subject: Out of office: Our news',
      `Message-ID: <${id}@dest.example>`,
      'Auto-Submitted: auto-replied',
      'Content-Type: text/plain',
      '',
      'I am away until Monday.',
      '',
    ].join('\r\n'),
  );
}

export interface TempStore {
  store: Store;
  /** the pipeline's context over `store`: its policy, return-path keys and the clock `setNow` moves */
  ctx: PipelineContext;
  dir: string;
  /** move the clock */
  setNow(d: Date | string): void;
  cleanup(): Promise<void>;
}

export async function tempStore(opts: StoreOptions & Omit<ContextOptions, 'now'> & { now0?: string } = {}): Promise<TempStore> {
  const dir = mkdtempSync(join(tmpdir(), 'rebound-test-'));
  let now = new Date(opts.now0 ?? '2024-05-06T12:00:00Z');
  const { policy, returnPaths, now0: _, ...storeOpts } = opts;
  const store = await openStore(join(dir, 'rebound.db'), storeOpts);
  const context = { policy, returnPaths, now: () => now };
  const t: TempStore = {
    get store() {
      return t.ctx.store;
    },
    set store(s: Store) {
      // a test that reopens the store keeps its context (policy, keys, clock)
      t.ctx = pipelineContext(s, context);
    },
    ctx: pipelineContext(store, context),
    dir,
    setNow(d) {
      now = new Date(d);
    },
    async cleanup() {
      await t.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}

export const at = (iso: string) => ({ source: 'file' as const, sourceRef: iso, receivedAt: iso });
