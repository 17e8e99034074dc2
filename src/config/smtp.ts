// The SMTP listener's settings and their defaults, in one zod schema: the `smtp` section of the
// configuration file (src/config/load.ts). Defaults need no configuration at all: 127.0.0.1:2525,
// any recipient. The return paths it accepts are their own section (return-path.ts).
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { domainKey } from '../address.js';
import { ConfigError } from './error.js';
import { keyName, parseSection } from './settings.js';

export { ConfigError };

/** a host name in ASCII form (after punycode): letters, digits and inner hyphens per label, at most 253 octets */
const DOMAIN_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** labels of letters (any script), digits and hyphens: the URL parser behind domainKey drops what follows a `/` or `@` */
const DOMAIN_TEXT = /^@?[\p{L}\p{M}\p{N}-]+(?:\.[\p{L}\p{M}\p{N}-]+)*\.?$/u;

function isDomainName(text: string): boolean {
  return DOMAIN_TEXT.test(text.trim()) && DOMAIN_NAME.test(domainKey(text));
}
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
  })
  .strict()
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

/**
 * Validate settings from any source; `nameOf` turns a schema path into the name the user wrote
 * (an environment variable, a config-file key). Throws ConfigError.
 */
export function parseSmtpConfig(input: unknown, nameOf: (path: readonly PropertyKey[]) => string = (p) => keyName('smtp', p)): SmtpConfig {
  return parseSection(smtpConfigSchema, input ?? {}, nameOf);
}
