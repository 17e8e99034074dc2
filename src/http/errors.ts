// Every error the API answers is JSON: `{"error": code, "message": what is wrong, "field"?: which
// input}`, also those fastify and Node's HTTP parser make (a bad URL encoding, a path parameter or
// headers too long, a body too large or not JSON). Validation is zod's, through fastify's validator
// hook, so a bad parameter is a 400 that names the parameter, the value given and what was
// expected. A value given back is cut at 200 characters: an error never echoes a whole upload.
import { STATUS_CODES, maxHeaderSize } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { wellFormedDeep } from '../well-formed.js';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface ErrorBody {
  error: string;
  message: string;
  field?: string;
}

/** Fastify's validator compiler for zod schemas: the parsed (coerced, defaulted) value replaces the input. */
export function zodValidator({ schema, httpPart }: { schema: unknown; httpPart?: string }) {
  const s = schema as z.ZodType;
  const code = httpPart === 'body' ? 'invalid_body' : httpPart === 'params' ? 'invalid_path' : 'invalid_query';
  return (input: unknown) => {
    // a JSON `\ud800` escape must not reach the store (see well-formed.ts)
    const data = wellFormedDeep(input);
    const r = s.safeParse(data, { reportInput: true });
    if (r.success) return { value: r.data };
    const issue = r.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      const field = issue.keys[0]!;
      return { error: new HttpError(400, code, `${field}: unknown ${httpPart === 'body' ? 'field' : 'parameter'}`, field) };
    }
    // a query or path parameter is named by itself (`type`, not `type.0`); a body field by its path
    const path = httpPart === 'body' ? issue.path : issue.path.slice(0, 1);
    const field = path.map(String).join('.');
    // the text as sent (a coerced value would show as NaN)
    const given = valueAt(data, path) ?? (issue as { input?: unknown }).input;
    const what = given === undefined ? 'missing' : `got ${clip(JSON.stringify(given))}`;
    const message = issue.code === 'invalid_type' && given === undefined ? `expected ${issue.expected}` : lowerFirst(issue.message);
    return { error: new HttpError(400, code, `${field || httpPart}: ${what}: ${message}`, field || undefined) };
  };
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

/** At most `max` characters of a value given back in an error (the rest is counted, not shown). */
export function clip(s: string, max = 200): string {
  return s.length <= max ? s : `${s.slice(0, max)}… (${s.length} characters)`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** Fastify's own errors (body too large, bad media type, bad JSON) in the same JSON shape. */
export function errorHandler(log: Logger) {
  return (err: FastifyError | HttpError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof HttpError) return send(reply, err.statusCode, { error: err.code, message: err.message, field: err.field });
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code =
        err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413 ? 'too_large'
        : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type'
        : err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError ? 'invalid_body'
        : 'bad_request';
      const message =
        code === 'unsupported_media_type'
          ? `Content-Type ${clip(req.headers['content-type'] ?? '(none)')} is not accepted here: JSON bodies are application/json, raw messages message/rfc822 or application/octet-stream`
          : code === 'too_large'
            ? tooLarge(req)
            : code === 'invalid_body'
              ? `the body is not valid JSON (${clip(err.message)})`
              : clip(err.message);
      return send(reply, status, { error: code, message });
    }
    log.error({ err: err.message, stack: err.stack, method: req.method, url: req.url }, 'HTTP request failed');
    return send(reply, 500, { error: 'internal', message: 'internal error (logged)' });
  };
}

/** The limit a body went over, and the setting that sets it. */
function tooLarge(req: FastifyRequest): string {
  const limit = req.routeOptions.bodyLimit;
  const setting = (req.routeOptions.config as { bodyLimitSetting?: string } | undefined)?.bodyLimitSetting;
  return limit ? `the body is larger than the limit of ${limit} bytes${setting ? ` (${setting})` : ''}` : 'the body is too large';
}

export function notFound(req: FastifyRequest, reply: FastifyReply) {
  return send(reply, 404, { error: 'not_found', message: `no such endpoint: ${req.method} ${clip(req.url.split('?')[0]!)}` });
}

/** The URL errors fastify's router finds before any route runs (`frameworkErrors`). */
export function frameworkErrors(maxParamLength: number) {
  return (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
      return send(reply, 414, { error: 'uri_too_long', message: `a path parameter is longer than ${maxParamLength} characters` });
    }
    if (err.code === 'FST_ERR_BAD_URL') {
      return send(reply, 400, { error: 'invalid_path', message: `the path is not valid percent-encoded UTF-8: ${clip(req.raw.url?.split('?')[0] ?? '')}` });
    }
    return send(reply, 400, { error: 'bad_request', message: clip(err.message) });
  };
}

/**
 * What Node's HTTP parser refuses before fastify sees a request (`clientErrorHandler`): headers
 * (with the request line) over the size limit, a request that is not HTTP, one too slow to arrive.
 * Written on the socket in the same JSON shape, then the connection is closed.
 */
export function clientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, body]: [number, ErrorBody] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, { error: 'headers_too_large', message: `the request line and headers are larger than ${maxHeaderSize} bytes` }]
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, { error: 'timeout', message: 'the request did not arrive in time' }]
        : [400, { error: 'bad_request', message: 'not a valid HTTP request' }];
  const json = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
    );
  }
  socket.destroy(err);
}

function send(reply: FastifyReply, status: number, body: ErrorBody) {
  if (body.field === undefined) delete body.field;
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}
