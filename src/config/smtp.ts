// The SMTP listener's settings and their defaults, in one zod schema: the `smtp` section of the
// configuration file (src/config/load.ts). Defaults need no configuration at all: 127.0.0.1:2525,
// any recipient.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { domainKey } from '../address.js';
import { ConfigError } from './error.js';
import { keyName, parseSection } from './settings.js';

export { ConfigError };

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
/** a host name in ASCII form (after punycode): letters, digits and inner hyphens per label, at most 253 octets */
const DOMAIN_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** labels of letters (any script), digits and hyphens: the URL parser behind domainKey drops what follows a `/` or `@` */
const DOMAIN_TEXT = /^@?[\p{L}\p{M}\p{N}-]+(?:\.[\p{L}\p{M}\p{N}-]+)*\.?$/u;

function isDomainName(text: string): boolean {
  return DOMAIN_TEXT.test(text.trim()) && DOMAIN_NAME.test(domainKey(text));
}
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
    domains: z.array(z.string().min(1).refine(isDomainName, 'not a domain name (e.g. bounce.example.com)').transform(domainKey)).default([]),
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
        /**
         * with keys: local parts taken at the bounce domains without a signed return path (postmaster
         * is required by RFC 5321; add a feedback-loop address here). Their mail is kept, but
         * suppresses nobody unless it carries one of our signed return paths.
         */
        unsignedLocalParts: z
          .array(z.string().regex(/^[A-Za-z0-9._+-]{1,64}$/, 'a local part of A-Z a-z 0-9 . _ + -'))
          .default(['postmaster', 'abuse'])
          .transform((l) => l.map((s) => s.toLowerCase())),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    const ids = c.returnPath.keys.map((k) => k.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) ctx.addIssue({ code: 'custom', path: ['returnPath', 'keys'], message: `key id ${dup} is given twice` });
  })
  .superRefine((c, ctx) => {
    // checked with the settings (config check, serve's start), not at the first STARTTLS
    if (!c.tls) return;
    const problem = tlsPairProblem(c.tls);
    if (problem) ctx.addIssue({ code: 'custom', path: ['tls', problem.key], message: problem.message });
  });

export type SmtpConfig = z.output<typeof smtpConfigSchema>;
export type SmtpConfigInput = z.input<typeof smtpConfigSchema>;

/** What is wrong with the STARTTLS key and certificate files, if anything (never their contents). */
function tlsPairProblem(files: { key: string; cert: string }): { key: 'key' | 'cert'; message: string } | null {
  const privateKey = loadPem(files.key, (pem) => createPrivateKey(pem), 'holds no usable private key (PEM)');
  if (typeof privateKey === 'string') return { key: 'key', message: privateKey };
  const cert = loadPem(files.cert, (pem) => new X509Certificate(pem), 'holds no usable certificate (PEM)');
  if (typeof cert === 'string') return { key: 'cert', message: cert };
  return cert.checkPrivateKey(privateKey) ? null : { key: 'cert', message: 'is not the certificate of the key in tls.key' };
}

/** The file read and made into a key or certificate, or what is wrong with it. */
function loadPem<T extends object>(path: string, use: (pem: Buffer) => T, unusable: string): T | string {
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return `cannot be read (${e.code ?? e.message})`;
  }
  try {
    return use(pem);
  } catch {
    return unusable;
  }
}

/** Used when only REBOUND_VERP_SECRET is given; rotate by listing it in REBOUND_VERP_KEYS. */
export const DEFAULT_KEY_ID = 'default';

/**
 * Validate settings from any source; `nameOf` turns a schema path into the name the user wrote
 * (an environment variable, a config-file key). Throws ConfigError.
 */
export function parseSmtpConfig(input: unknown, nameOf: (path: readonly PropertyKey[]) => string = (p) => keyName('smtp', p)): SmtpConfig {
  return parseSection(smtpConfigSchema, input ?? {}, nameOf);
}

/** REBOUND_VERP_KEYS=id1:secret1,id2:secret2 (the first signs) or REBOUND_VERP_SECRET=secret. */
export function returnPathKeysFromEnv(env: NodeJS.ProcessEnv): Array<{ id: string; secret: string }> | undefined {
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

/** The verification keys as `readReturnPath` takes them. */
export function secretsOf(config: SmtpConfig): Record<string, string> {
  return Object.fromEntries(config.returnPath.keys.map((k) => [k.id, k.secret]));
}

/** What the store needs to read return paths in messages (and, with keys, to check them). */
export function returnPathKeysOf(config: SmtpConfig): { secrets: Record<string, string>; prefix: string } {
  return { secrets: secretsOf(config), prefix: config.returnPath.prefix };
}
