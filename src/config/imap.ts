// The IMAP mailboxes Rebound watches: the `[[imap]]` tables of the configuration file, a list of
// mailboxes (the REBOUND_IMAP_* variables describe the first, see env-names.ts). Errors name the
// key or the variable at fault.
import { z } from 'zod';
import { ConfigError } from './error.js';
import { isLoopbackHost } from './loopback.js';
import { readCaBundle } from './pem.js';
import { keyName, parseSection } from './settings.js';

const DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/** Where the login's secret comes from: exactly one of them. */
export const CREDENTIAL_KEYS = ['pass', 'accessToken', 'accessTokenCommand', 'accessTokenFile'] as const;

export const mailboxConfigSchema = z
  .strictObject({
    /** a label for logs and status; default `user@host/mailbox` */
    name: z.string().min(1).optional(),
    host: z.string().min(1),
    /** default 993 with `secure`, 143 without */
    port: z.number().int().min(1).max(65535).optional(),
    /** TLS from the start (IMAPS); false: plain, upgraded by STARTTLS */
    secure: z.boolean().default(true),
    /** with `secure` false: log in even when the server offers no STARTTLS; default: only on a loopback host */
    allowPlaintext: z.boolean().optional(),
    /** PEM file of CA certificates trusted besides Node's own list (a company's private CA) */
    tlsCaFile: z.string().min(1).optional(),
    /** false: accept any certificate (tests only; warned about at start) */
    tlsRejectUnauthorized: z.boolean().default(true),
    user: z.string().min(1),
    pass: z.string().min(1).optional(),
    /** OAuth2 access token (XOAUTH2), for Gmail and Microsoft 365; instead of `pass` */
    accessToken: z.string().min(1).optional(),
    /** a shell command (`/bin/sh -c`) printing a fresh access token, run before every login */
    accessTokenCommand: z.string().min(1).optional(),
    /** a file holding the access token, kept fresh by another program, read before every login */
    accessTokenFile: z.string().min(1).optional(),
    mailbox: z.string().min(1).default('INBOX'),
    /** what is done to a bounce once it is committed */
    action: z.enum(['move', 'flag', 'delete']).default('move'),
    /** the folder `move` puts bounces in; created when missing */
    moveTo: z.string().min(1).default('Processed'),
    /** `leave`: messages that are not bounces stay as they were (the mailbox may be shared with people); `same`: as bounces */
    notBounceAction: z.enum(['leave', 'same']).default('leave'),
    /** how often to look without IDLE, and how often to look again even with it */
    pollIntervalMs: z.number().int().min(100).default(60_000),
    /** use IDLE when the server offers it */
    idle: z.boolean().default(true),
    /** messages fetched, committed and acted on together: each batch costs round trips (a FETCH, a
     * MOVE), and memory is bounded by the commit groups (4 MiB), not by this. At 250 instead of
     * 100, bench:imap drained 5,000 messages at 2,089–2,437 msg/s instead of 1,551–1,923 (loopback,
     * where a round trip costs least). */
    batchSize: z.number().int().min(1).max(10_000).default(250),
    /** larger messages are left in place, logged and counted, never fetched */
    maxMessageBytes: z.number().int().min(1024).default(DEFAULT_MAX_MESSAGE_BYTES),
  })
  .superRefine((m, ctx) => {
    const given = CREDENTIAL_KEYS.filter((k) => m[k] !== undefined);
    // none: the password is what is missing; several: the second is one too many
    if (given.length !== 1) ctx.addIssue({ code: 'custom', message: `give exactly one of ${CREDENTIAL_KEYS.join(', ')}`, path: [given[1] ?? 'pass'] });
  })
  .superRefine((m, ctx) => {
    if (m.tlsCaFile === undefined) return;
    try {
      readCaBundle(m.tlsCaFile);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message, path: ['tlsCaFile'] });
    }
  })
  .refine((m) => m.action !== 'move' || m.moveTo !== m.mailbox, {
    message: 'moveTo must be another folder than the mailbox watched',
    path: ['moveTo'],
  })
  .transform((m) => ({
    ...m,
    port: m.port ?? (m.secure ? 993 : 143),
    // plain text on loopback stays on this machine (an stunnel or ssh tunnel's end, a local server)
    allowPlaintext: m.allowPlaintext ?? isLoopbackHost(m.host),
    name: m.name ?? `${m.user}@${m.host}/${m.mailbox}`,
  }));

export const imapConfigSchema = z.array(mailboxConfigSchema).superRefine((list, ctx) => {
  // two pollers on one mailbox would share one position in the state table
  const seen = new Set<string>();
  list.forEach((m, i) => {
    const key = mailboxKey(m);
    if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `${key} is configured twice`, path: [i, 'mailbox'] });
    seen.add(key);
  });
});

export type MailboxConfig = z.output<typeof mailboxConfigSchema>;

/** One polled mailbox's identity: its row in the state table. */
export function mailboxKey(m: { user: string; host: string; mailbox: string }): string {
  return `${m.user}@${m.host}/${m.mailbox}`;
}
export type MailboxConfigInput = z.input<typeof mailboxConfigSchema>;

/** A setting that cannot be used; the message names the key or environment variable. */
export { ConfigError };

/** The `imap` section: a list of mailboxes. Throws a ConfigError naming `imap[i].key`. */
export function parseImapConfig(input: unknown, nameOf = (p: readonly PropertyKey[]) => keyName('imap', p)): MailboxConfig[] {
  return parseSection(imapConfigSchema, input ?? [], nameOf);
}
