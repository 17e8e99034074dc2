// The HTTP API's settings (section `http`, variables REBOUND_HTTP_*). The API is off unless a port
// is given. It binds 127.0.0.1 by default; a bearer token is required for any other address.
import { z } from 'zod';
import { isLoopbackHost } from './loopback.js';
import { keyName, parseSection } from './settings.js';

const MiB = 1024 * 1024;
/** A token shorter than this is refused: it could be guessed */
export const MIN_TOKEN_LENGTH = 16;

export const httpSettingsSchema = z
  .strictObject({
    /** absent: the API is off; 0: any free port (tests) */
    port: z.number().int().min(0).max(65535).optional(),
    host: z.string().min(1).default('127.0.0.1'),
    /** bearer token; required unless the host is a loopback address */
    token: z.string().min(MIN_TOKEN_LENGTH, `expected at least ${MIN_TOKEN_LENGTH} characters`).optional(),
    /** largest raw message POST /v1/messages takes */
    maxMessageBytes: z.number().int().min(1024).max(100 * MiB).default(10 * MiB),
    /** page size of the list endpoints when `limit` is not given */
    pageLimit: z.number().int().min(1).max(10_000).default(100),
    /** the largest `limit` a client may ask for */
    maxPageLimit: z.number().int().min(1).max(10_000).default(1000),
    /** a request (headers and body) must arrive within this time */
    requestTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  })
  .superRefine((s, ctx) => {
    if (!s.token && !isLoopbackHost(s.host)) {
      ctx.addIssue({
        code: 'custom',
        path: ['token'],
        message: `required: the API would listen on ${s.host}, which is not a loopback address, and anyone who reaches it could change the suppression list`,
      });
    }
    if (s.pageLimit > s.maxPageLimit) {
      ctx.addIssue({ code: 'custom', path: ['pageLimit'], message: `expected at most maxPageLimit (${s.maxPageLimit})` });
    }
  });

export type HttpSettings = z.output<typeof httpSettingsSchema>;
export type HttpSettingsInput = z.input<typeof httpSettingsSchema>;

/** Validate the `http` section (from a config file); errors name `http.<key>`. */
export function parseHttpSettings(input: unknown, nameOf = (p: readonly PropertyKey[]) => keyName('http', p)): HttpSettings {
  return parseSection(httpSettingsSchema, input ?? {}, nameOf);
}

/** The API runs only when a port is configured. */
export function httpEnabled(s: HttpSettings): s is HttpSettings & { port: number } {
  return s.port !== undefined;
}
