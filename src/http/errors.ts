// Every error the API answers is JSON: `{"error": code, "message": what is wrong, "field"?: which
// input}`. Validation is zod's, through fastify's validator hook, so a bad parameter is a 400 that
// names the parameter, the value given and what was expected.
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
    const what = given === undefined ? 'missing' : `got ${JSON.stringify(given)}`;
    const message = issue.code === 'invalid_type' && given === undefined ? `expected ${issue.expected}` : lowerFirst(issue.message);
    return { error: new HttpError(400, code, `${field || httpPart}: ${what}: ${message}`, field || undefined) };
  };
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
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
        err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'too_large'
        : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type'
        : err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError ? 'invalid_body'
        : 'bad_request';
      const message =
        code === 'unsupported_media_type'
          ? `Content-Type ${req.headers['content-type'] ?? '(none)'} is not accepted here: JSON bodies are application/json, raw messages message/rfc822 or application/octet-stream`
          : err.message;
      return send(reply, status, { error: code, message });
    }
    log.error({ err: err.message, stack: err.stack, method: req.method, url: req.url }, 'HTTP request failed');
    return send(reply, 500, { error: 'internal', message: 'internal error (logged)' });
  };
}

export function notFound(req: FastifyRequest, reply: FastifyReply) {
  return send(reply, 404, { error: 'not_found', message: `no such endpoint: ${req.method} ${req.url.split('?')[0]}` });
}

function send(reply: FastifyReply, status: number, body: ErrorBody) {
  if (body.field === undefined) delete body.field;
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}
