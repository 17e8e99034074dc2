// /v1/bounces: the per-recipient records, of one address or all, in the order they were written.
import { z } from 'zod';
import type { BounceWithSource } from '../../store/history.js';
import { presentRecord } from '../../present/record.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { address, cursor, limit, reasonParam, since } from '../params.js';
import { addRoute, type Ctx } from '../route.js';
import { pageOf } from '../openapi.js';

const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

export function bounceRoutes(ctx: Ctx): void {
  addRoute(
    ctx,
    {
      method: 'GET',
      url: '/v1/bounces',
      tag: 'bounces',
      summary: 'Per-recipient records (bounces, complaints, delays, deliveries, auto-replies)',
      description: 'Oldest first; follow `nextCursor` for the next page (null on the last).',
      querystring: z.strictObject({
        address: address.optional().describe('only this recipient'),
        reason: reasonParam.optional().describe('only this reason (older names such as `speeding` or `mesgtoobig` are accepted as aliases)'),
        since,
        limit: limit(ctx.settings.pageLimit, ctx.settings.maxPageLimit),
        cursor,
      }),
      responses: {
        '200': {
          description: 'a page',
          schema: pageOf('Record'),
          examples: {
            'application/json': {
              items: [
                {
                  id: 7, messageId: 5, address: 'gone@example.com', reportedAs: 'Gone@Example.com', domain: 'example.com', kind: 'bounce',
                  action: 'failed', status: '5.1.1', smtpCode: 550, type: 'hard', reason: 'userunknown', remoteMta: 'mx.example.com',
                  diagnostic: '550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown', command: 'RCPT',
                  rule: 'builtin:userunknown#phrase-1', reportingMta: 'mx.sender.example', originalMessageId: '<news-1@sender.example>', feedbackType: null, fromReturnPath: false, vouched: true,
                  eventAt: '2024-05-01T08:00:00.000Z', source: 'smtp', sourceRef: 'session 1a2b', subject: 'Undelivered Mail Returned to Sender',
                },
              ],
              nextCursor: null,
            },
          },
        },
      },
    },
    async ({ query }) => {
      const afterId = query.cursor ? decodeCursor(query.cursor, isId) : 0;
      const rows = await ctx.port.bounces({
        address: query.address?.address,
        reason: query.reason,
        since: query.since?.toISOString(),
        afterId,
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      return { items: page.map(presentRecord), nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]!.id) : null };
    },
  );
}
