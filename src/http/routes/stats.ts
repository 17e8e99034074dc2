// /v1/stats: what `rebound stats --json` prints.
import { z } from 'zod';
import { DIMENSIONS, parseDimensions } from '../../stats/stats.js';
import { HttpError } from '../errors.js';
import { since } from '../params.js';
import { addRoute, type Ctx } from '../route.js';

export function statsRoutes(ctx: Ctx): void {
  addRoute(
    ctx,
    {
      method: 'GET',
      url: '/v1/stats',
      tag: 'stats',
      summary: 'Totals and breakdowns (the JSON of `rebound stats --json`)',
      querystring: z.strictObject({
        by: z
          .union([z.string(), z.array(z.string())])
          .transform((v) => [v].flat())
          .optional()
          .describe(`breakdowns: comma-separated or repeated, each one of ${DIMENSIONS.join(', ')}, or two crossed with + (provider+code); default kind,type`),
        since,
      }),
      responses: {
        '200': {
          description: 'the counts',
          examples: {
            'application/json': {
              messages: 3, messagesByStatus: { parsed: 3 }, bounces: 3, suppressions: 2, suppressionsByType: { complaint: 1, hard: 1 }, since: null,
              breakdowns: [{ by: ['kind'], rows: [{ kind: 'bounce', count: 2 }, { kind: 'complaint', count: 1 }] }],
              senderBlocks: [],
            },
          },
        },
      },
    },
    ({ query }) => {
      let by;
      try {
        by = parseDimensions(query.by ?? []);
      } catch (err) {
        throw new HttpError(400, 'invalid_query', `by: ${(err as Error).message.replace(/^unknown --by/, 'unknown dimension')}`, 'by');
      }
      return ctx.port.stats({ since: query.since, by });
    },
  );
}
