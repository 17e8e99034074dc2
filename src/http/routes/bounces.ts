// /v1/bounces: the per-recipient records, of one address or all, in the order they were written.
import { z } from 'zod';
import { normalizeAddress } from '../../address.js';
import type { BounceWithSource } from '../../store/history.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { cursor, limit, since } from '../params.js';
import { addRoute, type Ctx } from '../route.js';

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
        address: z
          .string()
          .max(320)
          .refine((v) => normalizeAddress(v) !== null, { message: 'expected an email address (local@domain)' })
          .optional()
          .describe('only this recipient'),
        since,
        limit: limit(ctx.settings.pageLimit, ctx.settings.maxPageLimit),
        cursor,
      }),
      responses: {
        '200': {
          description: 'a page',
          examples: {
            'application/json': {
              items: [
                {
                  id: 7, messageId: 5, address: 'gone@example.com', reportedAs: 'Gone@Example.com', domain: 'example.com', kind: 'bounce',
                  action: 'failed', status: '5.1.1', smtpCode: 550, type: 'hard', reason: 'userunknown', remoteMta: 'mx.example.com',
                  diagnostic: '550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown', command: 'RCPT',
                  reportingMta: 'mx.sender.example', originalMessageId: '<news-1@sender.example>', feedbackType: null, fromReturnPath: false, vouched: true,
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
        address: query.address ? normalizeAddress(query.address)!.address : undefined,
        since: query.since?.toISOString(),
        afterId,
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      return { items: page.map(bounceJson), nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]!.id) : null };
    },
  );
}

function bounceJson(b: BounceWithSource) {
  return {
    id: b.id,
    messageId: b.message_id,
    address: b.recipient,
    reportedAs: b.recipient_reported,
    domain: b.domain,
    kind: b.kind,
    action: b.action,
    status: b.status,
    smtpCode: b.smtp_code,
    type: b.type,
    reason: b.reason,
    remoteMta: b.remote_mta,
    diagnostic: b.diagnostic,
    command: b.command,
    reportingMta: b.reporting_mta,
    originalMessageId: b.original_message_id,
    feedbackType: b.feedback_type,
    fromReturnPath: b.from_return_path === 1,
    // false: signed return paths are required and the message does not vouch for this address
    vouched: b.vouched !== 0,
    eventAt: b.event_at,
    source: b.source,
    sourceRef: b.source_ref,
    subject: b.subject,
  };
}
