// The IMAP mailboxes Rebound watches. The configuration file (a later issue, section `imap`: a
// list of mailboxes) will feed `parseImapConfig`; until then one mailbox can be given in the
// environment (`imapConfigFromEnv`). Errors name the key or the variable at fault.
import { z } from 'zod';
import { ConfigError } from './error.js';

const DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export const mailboxConfigSchema = z
  .strictObject({
    /** a label for logs and status; default `user@host/mailbox` */
    name: z.string().min(1).optional(),
    host: z.string().min(1),
    /** default 993 with `secure`, 143 without */
    port: z.number().int().min(1).max(65535).optional(),
    /** TLS from the start (IMAPS); false: plain, upgraded by STARTTLS when the server offers it */
    secure: z.boolean().default(true),
    user: z.string().min(1),
    pass: z.string().min(1).optional(),
    /** OAuth2 access token (XOAUTH2), for Gmail and Microsoft 365; instead of `pass` */
    accessToken: z.string().min(1).optional(),
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
    /** messages fetched, committed and acted on together */
    batchSize: z.number().int().min(1).max(10_000).default(100),
    /** larger messages are left in place, logged and counted, never fetched */
    maxMessageBytes: z.number().int().min(1024).default(DEFAULT_MAX_MESSAGE_BYTES),
  })
  .refine((m) => (m.pass === undefined) !== (m.accessToken === undefined), {
    message: 'give either pass or accessToken (exactly one)',
    path: ['pass'],
  })
  .refine((m) => m.action !== 'move' || m.moveTo !== m.mailbox, {
    message: 'moveTo must be another folder than the mailbox watched',
    path: ['moveTo'],
  })
  .transform((m) => ({
    ...m,
    port: m.port ?? (m.secure ? 993 : 143),
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
export function parseImapConfig(input: unknown, section = 'imap'): MailboxConfig[] {
  const r = imapConfigSchema.safeParse(input);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => {
    const where = i.path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : `${s}.${String(p)}`), section);
    return `${where}: ${i.message}`;
  });
  throw new ConfigError(lines.join('\n'));
}

/** One mailbox key and the variable it is read from. */
const ENV = {
  host: 'REBOUND_IMAP_HOST',
  port: 'REBOUND_IMAP_PORT',
  secure: 'REBOUND_IMAP_SECURE',
  user: 'REBOUND_IMAP_USER',
  pass: 'REBOUND_IMAP_PASS',
  accessToken: 'REBOUND_IMAP_ACCESS_TOKEN',
  mailbox: 'REBOUND_IMAP_MAILBOX',
} as const;

/**
 * One mailbox from REBOUND_IMAP_HOST, _PORT, _SECURE, _USER, _PASS (or _ACCESS_TOKEN), _MAILBOX;
 * none when no REBOUND_IMAP_* variable is set. Throws a ConfigError naming the variable.
 */
export function imapConfigFromEnv(env: NodeJS.ProcessEnv = process.env): MailboxConfig[] {
  const get = (k: keyof typeof ENV) => {
    const v = env[ENV[k]];
    return v === undefined || v === '' ? undefined : v;
  };
  if (!Object.keys(ENV).some((k) => get(k as keyof typeof ENV) !== undefined)) return [];
  const input: Record<string, unknown> = {};
  for (const k of ['host', 'user', 'pass', 'accessToken', 'mailbox'] as const) {
    if (get(k) !== undefined) input[k] = get(k);
  }
  const port = get('port');
  if (port !== undefined) {
    if (!/^\d{1,5}$/.test(port)) throw new ConfigError(`${ENV.port}: not a port number: ${JSON.stringify(port)}`);
    input.port = Number(port);
  }
  const secure = get('secure');
  if (secure !== undefined) {
    const v = secure.toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) input.secure = true;
    else if (['0', 'false', 'no', 'off'].includes(v)) input.secure = false;
    else throw new ConfigError(`${ENV.secure}: expected true or false, got ${JSON.stringify(secure)}`);
  }
  const r = mailboxConfigSchema.safeParse(input);
  if (r.success) return [r.data];
  const lines = r.error.issues.map((i) => {
    const key = String(i.path[0] ?? 'pass') as keyof typeof ENV;
    const name = key === 'pass' && i.code === 'custom' ? `${ENV.pass} or ${ENV.accessToken}` : (ENV[key] ?? key);
    const got = i.code === 'invalid_type' && input[key] === undefined ? 'is required' : i.message;
    return `${name}: ${got}`;
  });
  throw new ConfigError(lines.join('\n'));
}
