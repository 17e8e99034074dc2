// A real IMAP client for the tests (imapflow, as a mail client would be) and mailbox settings
// pointing at a test Dovecot.
import { ImapFlow } from 'imapflow';
import { type Logger, pino } from 'pino';
import { type MailboxConfig, type MailboxConfigInput, parseImapConfig } from '../../src/config/imap.js';
import type { Dovecot } from './dovecot.js';

export function mailboxConfig(d: Dovecot, o: Partial<MailboxConfigInput> = {}): MailboxConfig {
  return parseImapConfig([{ host: d.host, port: d.port, secure: false, user: d.user, pass: d.pass, ...o }])[0]!;
}

/** Run `fn` with a logged-in client of the test user (plain text, also where TLS is offered); logs out afterwards. */
export async function withClient<T>(d: Dovecot, fn: (c: ImapFlow) => Promise<T>): Promise<T> {
  const c = new ImapFlow({ host: d.host, port: d.port, secure: false, doSTARTTLS: false, auth: { user: d.user, pass: d.pass }, logger: false });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.logout().catch(() => c.close());
  }
}

/** APPEND the messages (unread) to `mailbox`, creating it when missing. */
export async function append(d: Dovecot, mailbox: string, messages: Buffer[]): Promise<void> {
  await withClient(d, async (c) => {
    if (mailbox !== 'INBOX') await c.mailboxCreate(mailbox);
    for (const m of messages) await c.append(mailbox, m);
  });
}

export interface Listed {
  uid: number;
  seen: boolean;
  subject: string;
}

/** What `mailbox` holds, by UID; [] when it does not exist. */
export async function listMailbox(d: Dovecot, mailbox: string): Promise<Listed[]> {
  return withClient(d, async (c) => {
    const boxes = await c.list();
    if (!boxes.some((b) => b.path === mailbox)) return [];
    const lock = await c.getMailboxLock(mailbox, { readOnly: true });
    try {
      if (!c.mailbox || c.mailbox.exists === 0) return [];
      const out: Listed[] = [];
      for await (const m of c.fetch('1:*', { uid: true, flags: true, envelope: true })) {
        out.push({ uid: m.uid, seen: m.flags?.has('\\Seen') ?? false, subject: m.envelope?.subject ?? '' });
      }
      return out.sort((a, b) => a.uid - b.uid);
    } finally {
      lock.release();
    }
  });
}

let n = 0;
/** An ordinary message from a person: not a bounce. */
export function personal(subject = `Lunch on Friday? ${++n}`): Buffer {
  return Buffer.from(
    [
      'From: Alice Example <alice@sender.example>',
      'To: bounces@sender.example',
      `Subject: ${subject}`,
      `Message-ID: <p${++n}.${Date.now()}@sender.example>`,
      'Date: Mon, 06 May 2024 09:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Are you free for lunch on Friday?',
      '',
    ].join('\r\n'),
  );
}

export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 10_000, stepMs = 20): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** A logger that keeps what is logged, for asserting on it; level debug. */
export function captureLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
  return { logger, lines };
}
