// The SMTP listener's settings and their defaults, in one zod schema. Today they come from the
// environment (`smtpConfigFromEnv`); the configuration-file issue feeds the same schema from its
// `smtp` section. Defaults need no configuration at all: 127.0.0.1:2525, any recipient.
import { hostname } from 'node:os';
import { z } from 'zod';
import { domainKey } from '../address.js';
import { ConfigError } from './error.js';

export { ConfigError };

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
/** HMAC keys shorter than this are refused: a guessable key lets anyone forge return paths */
export const MIN_SECRET_LENGTH = 16;

const returnPathKey = z
  .object({
    id: z.string().regex(KEY_ID, 'a key id is 1-32 characters of A-Z a-z 0-9 _ -'),
    secret: z.string().min(MIN_SECRET_LENGTH, `a secret has at least ${MIN_SECRET_LENGTH} characters`),
  })
  .strict();

const port = z.number().int().min(0, 'a port is 0-65535').max(65535, 'a port is 0-65535');
const positive = z.number().int().positive();

export const smtpConfigSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    /** 0: any free port (the listener reports the one it got) */
    port: port.default(2525),
    /** bounce domains; empty: any recipient (local trials only) */
    domains: z.array(z.string().min(1).transform(domainKey)).default([]),
    /** bytes */
    maxSize: positive.default(10 * 1024 * 1024),
    /** the name in the banner and EHLO reply */
    hostname: z.string().min(1).default(() => hostname()),
    /** PEM files for STARTTLS; without them STARTTLS is not offered */
    tls: z.object({ key: z.string().min(1), cert: z.string().min(1) }).strict().optional(),
    maxClients: positive.default(100),
    /** idle time before a client is disconnected */
    socketTimeoutMs: positive.default(60_000),
    /** on stop, how long sessions in flight may take before they are cut with 421 */
    closeTimeoutMs: positive.default(10_000),
    maxRecipients: positive.default(100),
    /** messages per connection; then 421 and the client reconnects */
    maxMessagesPerSession: positive.default(1000),
    commit: z
      .object({
        /** wait this long for more messages before a commit; 0: the next turn of the event loop */
        windowMs: z.number().int().min(0).max(1000).default(0),
        maxBatch: positive.default(256),
      })
      .strict()
      .prefault({}),
    returnPath: z
      .object({
        prefix: z
          .string()
          .regex(/^[A-Za-z0-9._-]{1,32}$/, 'a prefix is 1-32 characters of A-Z a-z 0-9 . _ -')
          .default('bounces'),
        /** HMAC keys; the first signs, all verify. None: return paths are not checked */
        keys: z.array(returnPathKey).default([]),
        /** how long a signed return path stays valid */
        ttlDays: z.number().int().min(1).max(3650).default(30),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    const ids = c.returnPath.keys.map((k) => k.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) ctx.addIssue({ code: 'custom', path: ['returnPath', 'keys'], message: `key id ${dup} is given twice` });
  });

export type SmtpConfig = z.output<typeof smtpConfigSchema>;
export type SmtpConfigInput = z.input<typeof smtpConfigSchema>;

type Kind = 'string' | 'int' | 'list';
/** environment variable → where it goes in the schema, and how its text is read */
const ENV: Array<{ name: string; path: string[]; kind: Kind }> = [
  { name: 'REBOUND_SMTP_HOST', path: ['host'], kind: 'string' },
  { name: 'REBOUND_SMTP_PORT', path: ['port'], kind: 'int' },
  { name: 'REBOUND_SMTP_DOMAINS', path: ['domains'], kind: 'list' },
  { name: 'REBOUND_SMTP_MAX_SIZE', path: ['maxSize'], kind: 'int' },
  { name: 'REBOUND_SMTP_HOSTNAME', path: ['hostname'], kind: 'string' },
  { name: 'REBOUND_SMTP_TLS_KEY', path: ['tls', 'key'], kind: 'string' },
  { name: 'REBOUND_SMTP_TLS_CERT', path: ['tls', 'cert'], kind: 'string' },
  { name: 'REBOUND_SMTP_MAX_CLIENTS', path: ['maxClients'], kind: 'int' },
  { name: 'REBOUND_SMTP_SOCKET_TIMEOUT_MS', path: ['socketTimeoutMs'], kind: 'int' },
  { name: 'REBOUND_SMTP_CLOSE_TIMEOUT_MS', path: ['closeTimeoutMs'], kind: 'int' },
  { name: 'REBOUND_SMTP_MAX_RECIPIENTS', path: ['maxRecipients'], kind: 'int' },
  { name: 'REBOUND_SMTP_MAX_MESSAGES', path: ['maxMessagesPerSession'], kind: 'int' },
  { name: 'REBOUND_SMTP_COMMIT_WINDOW_MS', path: ['commit', 'windowMs'], kind: 'int' },
  { name: 'REBOUND_SMTP_COMMIT_MAX', path: ['commit', 'maxBatch'], kind: 'int' },
  { name: 'REBOUND_VERP_PREFIX', path: ['returnPath', 'prefix'], kind: 'string' },
  { name: 'REBOUND_VERP_TTL_DAYS', path: ['returnPath', 'ttlDays'], kind: 'int' },
];

/** Used when only REBOUND_VERP_SECRET is given; rotate by listing it in REBOUND_VERP_KEYS. */
export const DEFAULT_KEY_ID = 'default';

/**
 * The SMTP settings from the environment (unset or empty variables keep their defaults).
 * Throws ConfigError naming the variable at fault.
 */
export function smtpConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SmtpConfig {
  const input: Record<string, unknown> = {};
  for (const v of ENV) {
    const text = env[v.name]?.trim();
    if (!text) continue;
    setPath(input, v.path, readValue(v.name, v.kind, text));
  }
  const key = env.REBOUND_SMTP_TLS_KEY?.trim();
  const cert = env.REBOUND_SMTP_TLS_CERT?.trim();
  if (!key !== !cert) {
    const [missing, given] = key ? ['REBOUND_SMTP_TLS_CERT', 'REBOUND_SMTP_TLS_KEY'] : ['REBOUND_SMTP_TLS_KEY', 'REBOUND_SMTP_TLS_CERT'];
    throw new ConfigError(`${given} is set: STARTTLS needs both the key and the certificate`, missing);
  }
  const keys = keysFromEnv(env);
  if (keys) setPath(input, ['returnPath', 'keys'], keys);
  return parseSmtpConfig(input, (path) => envNameOf(path));
}

/**
 * Validate settings from any source; `nameOf` turns a schema path into the name the user wrote
 * (an environment variable, a config-file key). Throws ConfigError.
 */
export function parseSmtpConfig(input: unknown, nameOf: (path: PropertyKey[]) => string = (p) => ['smtp', ...p].join('.')): SmtpConfig {
  const r = smtpConfigSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new ConfigError(issue.message, nameOf(issue.path));
}

function envNameOf(path: PropertyKey[]): string {
  const p = path.map(String);
  if (p[0] === 'returnPath' && p[1] === 'keys') return 'REBOUND_VERP_KEYS (or REBOUND_VERP_SECRET)';
  // the longest known variable whose path starts the issue's path
  const hit = ENV.filter((v) => v.path.every((s, i) => p[i] === s)).sort((a, b) => b.path.length - a.path.length)[0];
  if (hit) return hit.name;
  return `smtp.${p.join('.')}`;
}

function readValue(name: string, kind: Kind, text: string): unknown {
  if (kind === 'string') return text;
  if (kind === 'list') return text.split(',').map((s) => s.trim()).filter(Boolean);
  if (!/^\d+$/.test(text)) throw new ConfigError(`not a whole number: ${JSON.stringify(text)}`, name);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new ConfigError(`too large: ${text}`, name);
  return n;
}

/** REBOUND_VERP_KEYS=id1:secret1,id2:secret2 (the first signs) or REBOUND_VERP_SECRET=secret. */
function keysFromEnv(env: NodeJS.ProcessEnv): Array<{ id: string; secret: string }> | undefined {
  const list = env.REBOUND_VERP_KEYS?.trim();
  const single = env.REBOUND_VERP_SECRET?.trim();
  if (list && single) {
    throw new ConfigError('give either REBOUND_VERP_SECRET or REBOUND_VERP_KEYS, not both', 'REBOUND_VERP_SECRET');
  }
  if (single) return [{ id: DEFAULT_KEY_ID, secret: single }];
  if (!list) return undefined;
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const colon = entry.indexOf(':');
      if (colon <= 0) throw new ConfigError(`expected id:secret, got an entry without an id`, 'REBOUND_VERP_KEYS');
      return { id: entry.slice(0, colon), secret: entry.slice(colon + 1) };
    });
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let o = target;
  for (const key of path.slice(0, -1)) o = (o[key] ??= {}) as Record<string, unknown>;
  o[path[path.length - 1]!] = value;
}

/** The verification keys as `readReturnPath` takes them. */
export function secretsOf(config: SmtpConfig): Record<string, string> {
  return Object.fromEntries(config.returnPath.keys.map((k) => [k.id, k.secret]));
}
