// The query and path parameters the routes share, as zod schemas (they validate the requests and
// are converted into the OpenAPI document). Query values arrive as text, or arrays when repeated.
import { z } from 'zod';
import { parseIsoDate } from '../iso-date.js';
import { AddressError, MAX_ADDRESS_LENGTH, readAddress } from '../address.js';
import { reasonSchema } from '../config/reason.js';

/** `?reason=userunknown`; an older name (`speeding`, `mesgtoobig`, ...) is taken as its current one */
export const reasonParam = reasonSchema;

/** `2024-05-01` or a full ISO date-time → Date */
export const isoDate = z
  .string()
  .refine((v) => isDate(v), { message: 'expected an ISO date (2024-05-01) or date-time (2024-05-01T08:00:00Z)' })
  .transform((v) => parseIsoDate(v));

/** `?since=2024-05-01` or a full ISO date-time → Date */
export const since = isoDate.optional().describe('only what happened at or after this ISO date or date-time');

function isDate(v: string): boolean {
  try {
    parseIsoDate(v);
    return true;
  } catch {
    return false;
  }
}

/** `?x=a,b` or `?x=a&x=b` → ['a', 'b'], each one of `values` */
export function listOf<T extends readonly [string, ...string[]]>(values: T, description: string) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((v) => [v].flat().flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)))
    .optional()
    .describe(`${description}; comma-separated or repeated, each one of ${values.join(', ')}`);
}

export function limit(def: number, max: number) {
  return z.coerce
    .number({ error: `expected a whole number from 1 to ${max}` })
    .int(`expected a whole number from 1 to ${max}`)
    .min(1, `expected a whole number from 1 to ${max}`)
    .max(max, `expected a whole number from 1 to ${max}`)
    .default(def)
    .describe(`page size, at most ${max}`);
}

export const cursor = z.string().min(1).max(2000).optional().describe('nextCursor of the previous page');

/** An email address, read by the one address rule (src/address.ts): its normal form, or a 400 saying what is wrong. */
export const address = z
  .string()
  .max(MAX_ADDRESS_LENGTH)
  .transform((v, ctx) => {
    const a = readAddress(v);
    if (a instanceof AddressError) {
      ctx.addIssue({ code: 'custom', message: `expected an email address (local@domain): ${a.message}` });
      return z.NEVER;
    }
    return a;
  });

/** `/{address}`: normalised (lower case, ASCII domain) */
export const addressParam = z.strictObject({
  address: address.describe('an email address, URL-encoded (user%40example.com)'),
});

export const domain = z.string().min(1).max(253).optional().describe('only addresses at this domain (either IDN form)');
