// One IMAP connection for one configured mailbox. A new client per connection: imapflow's are not
// reused once closed. The login (`auth`) is given by the caller: a token may be fetched for each.
import { type AuthOptions, ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import { type MailboxConfig, mailboxKey } from '../../config/imap.js';
import { tlsOptions } from './tls.js';

export function createClient(cfg: MailboxConfig, auth: AuthOptions, log: Logger): ImapFlow {
  const client = new ImapFlow({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure,
    ...tlsOptions(cfg),
    auth,
    // our loop decides when to IDLE, and logs in our own words
    disableAutoIdle: true,
    logger: false,
    connectionTimeout: 30_000,
    greetingTimeout: 16_000,
    // a connection waiting on the poll timer (no IDLE) is quiet for a whole interval
    socketTimeout: Math.max(5 * 60_000, 2 * cfg.pollIntervalMs),
    // a message larger than announced by RFC822.SIZE must not be able to fill the memory
    maxLiteralSize: cfg.maxMessageBytes + 1024 * 1024,
    maxResponseSize: cfg.maxMessageBytes + 2 * 1024 * 1024,
  });
  // without a listener an 'error' event would end the process; the failure also rejects the
  // pending command, which is where it is handled
  client.on('error', (err: Error) => log.debug({ mailbox: cfg.name, err: err.message }, 'imap connection error'));
  return client;
}

/** The key of the mailbox's row in the state table. */
export function stateKey(cfg: MailboxConfig): string {
  return mailboxKey(cfg);
}

/** Where a message came from, as an IMAP URL (RFC 5092). */
export function sourceRef(cfg: MailboxConfig, uidValidity: number, uid: number): string {
  const user = encodeURIComponent(cfg.user);
  const box = cfg.mailbox.split('/').map(encodeURIComponent).join('/');
  return `imap://${user}@${cfg.host}:${cfg.port}/${box};UIDVALIDITY=${uidValidity}/;UID=${uid}`;
}
