// The `returnPath` section: the signed return paths (VERP) the listener accepts and the pipeline
// checks, with their keys. Its own section because more than the listener reads it: the IMAP
// pollers, the CLI and every host of a multi-host setup share the same keys. Earlier releases had
// it under `smtp.returnPath`; that table is still read (load.ts), with a warning.
import { z } from 'zod';
import { ConfigError } from './error.js';
import { keyName, parseSection } from './settings.js';
import type { ReturnPathKeys } from '../return-path/keys.js';

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
/** HMAC keys shorter than this are refused: a guessable key lets anyone forge return paths */
export const MIN_SECRET_LENGTH = 16;

const returnPathKey = z
  .object({
    id: z.string().regex(KEY_ID, 'a key id is 1-32 characters of A-Z a-z 0-9 _ -'),
    secret: z.string().min(MIN_SECRET_LENGTH, `a secret has at least ${MIN_SECRET_LENGTH} characters`),
  })
  .strict();

export const returnPathSettingsSchema = z
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
  .superRefine((c, ctx) => {
    const ids = c.keys.map((k) => k.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) ctx.addIssue({ code: 'custom', path: ['keys'], message: `key id ${dup} is given twice` });
  });

export type ReturnPathSettings = z.output<typeof returnPathSettingsSchema>;
export type ReturnPathSettingsInput = z.input<typeof returnPathSettingsSchema>;

export function parseReturnPathSettings(input: unknown, nameOf = (p: readonly PropertyKey[]) => keyName('returnPath', p)): ReturnPathSettings {
  return parseSection(returnPathSettingsSchema, input ?? {}, nameOf);
}

/** Used when only REBOUND_VERP_SECRET is given; rotate by listing it in REBOUND_VERP_KEYS. */
export const DEFAULT_KEY_ID = 'default';

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
export function secretsOf(settings: ReturnPathSettings): Record<string, string> {
  return Object.fromEntries(settings.keys.map((k) => [k.id, k.secret]));
}

/** What the pipeline needs to read return paths in messages (and, with keys, to check them). */
export function returnPathKeysOf(settings: ReturnPathSettings): ReturnPathKeys {
  return { secrets: secretsOf(settings), prefix: settings.prefix };
}
