// What each sending service's endpoint does before anything is stored: authenticate the request
// the service's way (401 without credentials, 403 with wrong or replayed ones) and cut the body
// into its events (400 naming the field when it is not the documented shape). The route then
// stores the events and answers once they are committed.
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { StorePort } from '../../store/port.js';
import type { EventBody } from '../../parse/events/types.js';
import { EventFormatError } from '../../parse/events/types.js';
import type { EventProvider } from '../../parse/events/index.js';
import type { Verified } from '../../events/verify/equal.js';
import { HttpError } from '../errors.js';

export interface Incoming {
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** unix seconds */
  now: number;
  /** the pipeline's clock */
  clock: () => Date;
  /** the store as its port (what a receiver asks beyond storing the events: used tokens, SNS subscriptions) */
  port: StorePort;
  logger: Logger;
}

export interface Receiver {
  provider: EventProvider;
  /** the events to store; throws HttpError */
  receive(req: Incoming): Promise<EventBody> | EventBody;
  /** the status for a body the service should never send again (Mailgun stops retrying on 406) */
  malformedStatus?: number;
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A failed check as the HTTP error it answers. */
export function orRefuse(v: Verified, provider: string): void {
  if (!v.ok) throw new HttpError(v.status, v.status === 401 ? 'unauthorized' : 'forbidden', `${provider}: ${v.why}`);
}

/** Run a decoder's reading of the body: a malformed body is a 400 (or the receiver's status) naming the field. */
export function readBody<T>(provider: string, read: () => T, status = 400): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof EventFormatError) throw new HttpError(status, 'invalid_body', `${provider}: ${err.message}`, err.field);
    throw err;
  }
}
