// The OpenAPI 3.1 document, built from the declared routes: their zod schemas (as JSON Schema),
// summaries and example answers.
import { z } from 'zod';
import type { RouteSpec } from './route.js';
import { publicShapes } from '../present/index.js';

const ERROR = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', description: 'a code: invalid_query, invalid_path, invalid_body, bad_request, unauthorized, invalid_token, forbidden, not_found, not_configured, not_suppressed, timeout, too_large, uri_too_long, unsupported_media_type, headers_too_large, unavailable, internal' },
    message: { type: 'string', description: 'what is wrong, naming the parameter and the value given (cut at 200 characters)' },
    field: { type: 'string', description: 'the parameter at fault, when there is one' },
  },
};

/** A reference to one of the public shapes (src/present/). */
export function ref(id: string): Record<string, unknown> {
  return { $ref: `#/components/schemas/${id}` };
}

/** A page of a public shape: `{items, nextCursor}`. */
export function pageOf(id: string): Record<string, unknown> {
  return {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: { items: { type: 'array', items: ref(id) }, nextCursor: { type: ['string', 'null'], description: 'null on the last page' } },
  };
}

/** The public shapes as OpenAPI components, referring to each other. */
function shapeSchemas(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(publicShapes, { uri: (id) => `#/components/schemas/${id}` }) as { schemas: Record<string, Record<string, unknown>> };
  for (const s of Object.values(schemas)) {
    delete s.$schema;
    delete s.$id;
  }
  return schemas;
}

function jsonSchema(s: z.ZodType): Record<string, unknown> {
  const j = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete j.$schema;
  return j;
}

function parameters(s: z.ZodType | undefined, where: 'path' | 'query') {
  if (!s) return [];
  const j = jsonSchema(s) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(j.properties ?? {}).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return { name, in: where, required: where === 'path' || (j.required ?? []).includes(name), description, schema: rest };
  });
}

export function openApiDocument(routes: RouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const responses: Record<string, unknown> = {};
    for (const [code, doc] of Object.entries(r.responses)) {
      const content: Record<string, Record<string, unknown>> = Object.fromEntries(
        Object.entries(doc.examples ?? {}).map(([type, example]) => [type, { example }]),
      );
      if (doc.schema) content['application/json'] = { ...content['application/json'], schema: doc.schema };
      responses[code] = { description: doc.description, ...(Object.keys(content).length ? { content } : {}) };
    }
    const errors: Record<string, string> = { '400': 'a bad parameter or body (the message says which)' };
    if (!r.public) errors['401'] = 'no bearer token, or a wrong one';
    if (r.rawBody || r.body) errors['413'] = 'the body is too large';
    if (r.rawBody) errors['415'] = 'another Content-Type';
    for (const [code, description] of Object.entries(errors)) {
      responses[code] ??= { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    (paths[path] ??= {})[r.method.toLowerCase()] = {
      tags: [r.tag],
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      parameters: [...parameters(r.params, 'path'), ...parameters(r.querystring, 'query')],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body) } } } } : {}),
      ...(r.rawBody
        ? {
            requestBody: {
              required: true,
              description: r.rawBody.description,
              content: Object.fromEntries(r.rawBody.mediaTypes.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
            },
          }
        : {}),
      responses,
      ...(r.public ? { security: [] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Rebound HTTP API',
      version,
      description: 'Suppression list, bounce records, statistics, exports and ingestion of raw messages. Every endpoint but /healthz needs `Authorization: Bearer <token>` when a token is configured.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: ERROR, ...shapeSchemas() },
    },
    paths,
  };
}
