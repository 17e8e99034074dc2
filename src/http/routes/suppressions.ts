// /v1/suppressions: the list (filtered, cursor-paged), and one address: look it up, suppress it,
// lift it. A lookup is the hot path (a sender asking before each send): one prepared statement.
import { z } from 'zod';
import type { PagePosition } from '../../store/suppressions.js';
import { presentSuppression } from '../../present/suppression.js';
import { presentHistory } from '../../present/address.js';
import { domainKey } from '../../address.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { addressParam, cursor, domain, limit, listOf, since } from '../params.js';
import { addRoute, type Ctx } from '../route.js';
import { pageOf, ref } from '../openapi.js';

const TYPES = ['hard', 'soft', 'complaint', 'manual'] as const;

const EXAMPLE = {
  address: 'gone@example.com',
  domain: 'example.com',
  type: 'hard',
  reason: 'userunknown',
  suppressedAt: '2024-05-01T08:00:00.000Z',
  firstEventAt: '2024-05-01T08:00:00.000Z',
  lastEventAt: '2024-05-03T09:12:00.000Z',
  eventCount: 2,
  expiresAt: null,
};

const OUTCOME = {
  type: 'object',
  required: ['address', 'outcome', 'suppression'],
  properties: { address: { type: 'string' }, outcome: { enum: ['suppressed', 'upgraded', 'already'] }, suppression: ref('Suppression') },
};

const isPosition = (v: unknown): v is [string, number] =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && Number.isSafeInteger(v[1]);

export function suppressionRoutes(ctx: Ctx): void {
  const { port, settings } = ctx;

  addRoute(
    ctx,
    {
      method: 'GET',
      url: '/v1/suppressions',
      tag: 'suppressions',
      summary: 'List the active suppressions, by address',
      description: 'Active means not lifted and not expired. Ordered by address; follow `nextCursor` for the next page (null on the last).',
      querystring: z.strictObject({
        type: listOf(TYPES, 'only these types'),
        since: since,
        domain,
        limit: limit(settings.pageLimit, settings.maxPageLimit),
        cursor,
      }),
      responses: { '200': { description: 'a page', schema: pageOf('Suppression'), examples: { 'application/json': { items: [EXAMPLE], nextCursor: 'WyJnb25lQGV4YW1wbGUuY29tIiw0Ml0' } } } },
    },
    async ({ query }) => {
      const after = query.cursor ? decodeCursor(query.cursor, isPosition) : null;
      const position: PagePosition | null = after ? { address: after[0], id: after[1] } : null;
      const rows = await port.suppressionsPage(
        { at: ctx.now().toISOString(), types: query.type, since: query.since?.toISOString(), domain: query.domain ? domainKey(query.domain) : undefined },
        position,
        query.limit + 1, // one more tells whether there is a next page
      );
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return { items: page.map(presentSuppression), nextCursor: rows.length > query.limit && last ? encodeCursor([last.address, last.id]) : null };
    },
  );

  addRoute(
    ctx,
    {
      method: 'GET',
      url: '/v1/suppressions/:address',
      tag: 'suppressions',
      summary: 'Is this address suppressed?',
      description:
        '200 with the active suppression, or 404 (`not_suppressed`) when the address may be sent to. With `history=true`, always 200 with everything known about the address: records, suppressions (also lifted and expired), manual actions, soft-bounce state.',
      params: addressParam,
      querystring: z.strictObject({
        history: z
          .enum(['true', 'false', '1', '0'])
          .transform((v) => v === 'true' || v === '1')
          .optional()
          .describe('include the whole history'),
      }),
      responses: {
        '200': {
          description: 'suppressed (with `history=true`: an AddressHistory, also when it is not)',
          schema: { oneOf: [{ type: 'object', required: ['address', 'suppressed', 'suppression'], properties: { address: { type: 'string' }, suppressed: { const: true }, suppression: ref('Suppression') } }, ref('AddressHistory')] },
          examples: { 'application/json': { address: EXAMPLE.address, suppressed: true, suppression: EXAMPLE } },
        },
        '404': { description: 'not suppressed', examples: { 'application/json': { error: 'not_suppressed', message: 'kept@example.com is not suppressed', address: 'kept@example.com' } } },
      },
    },
    async ({ params, query }, reply) => {
      const a = params.address;
      if (query.history) return presentHistory(await port.history(a.address, ctx.now()));
      const s = await port.activeSuppression(a.address, ctx.now());
      if (!s) return reply.code(404).send({ error: 'not_suppressed', message: `${a.address} is not suppressed`, address: a.address });
      return { address: a.address, suppressed: true, suppression: presentSuppression(s) };
    },
  );

  addRoute(
    ctx,
    {
      method: 'PUT',
      url: '/v1/suppressions/:address',
      tag: 'suppressions',
      summary: 'Suppress an address by hand',
      description:
        'Like `rebound suppress`: a `manual` suppression with no expiry (201). An address already suppressed for another cause stays as it is (200, `already`); a soft suppression becomes manual (200, `upgraded`).',
      params: addressParam,
      body: z.strictObject({ reason: z.string().trim().min(1).max(1000).describe('why; kept with the suppression') }),
      responses: {
        '201': { description: 'suppressed', schema: OUTCOME, examples: { 'application/json': { address: 'ceo@example.com', outcome: 'suppressed', suppression: { ...EXAMPLE, address: 'ceo@example.com', type: 'manual', reason: 'asked by phone' } } } },
        '200': { description: 'already suppressed (`already`) or made manual (`upgraded`)', schema: OUTCOME },
      },
    },
    async ({ params, body }, reply) => {
      const r = await port.suppress(params.address.address, body.reason, ctx.now(), 'api');
      return reply.code(r.outcome === 'suppressed' ? 201 : 200).send({ address: r.address, outcome: r.outcome, suppression: presentSuppression(r.suppression) });
    },
  );

  addRoute(
    ctx,
    {
      method: 'DELETE',
      url: '/v1/suppressions/:address',
      tag: 'suppressions',
      summary: 'Lift the suppression of an address',
      description: 'Like `rebound unsuppress`: lifts every active suppression of the address (kept as history, with the note) and clears its soft-bounce count. `lifted` is 0 when it was not suppressed.',
      params: addressParam,
      querystring: z.strictObject({ note: z.string().trim().min(1).max(1000).default('lifted through the HTTP API').describe('why; kept with the lifted suppression') }),
      responses: { '200': { description: 'done', examples: { 'application/json': { address: 'ceo@example.com', lifted: 1 } } } },
    },
    ({ params, query }) => port.unsuppress(params.address.address, query.note, ctx.now(), 'api'),
  );
}
