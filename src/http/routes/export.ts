// /v1/export: the active suppressions in one of the CLI's layouts, streamed a page at a time.
import { Readable } from 'node:stream';
import { z } from 'zod';
import { FORMATS, type ExportFormat } from '../../export/formats.js';
import { exportChunks } from '../../export/stream.js';
import { domain, listOf, since } from '../params.js';
import { addRoute, type Ctx } from '../route.js';

const TYPES = ['hard', 'soft', 'complaint', 'manual'] as const;

export const MEDIA_TYPES: Record<ExportFormat, string> = {
  txt: 'text/plain; charset=utf-8',
  postfix: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  mailgun: 'text/csv; charset=utf-8',
  ses: 'text/csv; charset=utf-8',
  sendgrid: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  postmark: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

const EXTENSIONS: Record<ExportFormat, string> = {
  txt: 'txt', postfix: 'txt', csv: 'csv', mailgun: 'csv', ses: 'csv', sendgrid: 'csv', json: 'json', postmark: 'json', ndjson: 'ndjson',
};

export function exportRoutes(ctx: Ctx): void {
  addRoute(
    ctx,
    {
      method: 'GET',
      url: '/v1/export',
      tag: 'export',
      summary: 'The active suppressions as a file, in one of the `rebound export` layouts (streamed)',
      description: 'The same layouts, byte for byte, as `rebound export --format`.',
      querystring: z.strictObject({
        format: z.enum(FORMATS).default('txt').describe(`one of ${FORMATS.join(', ')}`),
        type: listOf(TYPES, 'only these types'),
        since,
        domain,
      }),
      responses: {
        '200': {
          description: 'the file',
          examples: { 'text/plain': 'gone@example.com\nreader@example.net\n', 'text/csv': 'email\r\ngone@example.com\r\n' },
        },
      },
    },
    ({ query }, reply) => {
      const chunks = exportChunks(ctx.port, { format: query.format, types: query.type, since: query.since, domain: query.domain, at: ctx.now() });
      return reply
        .type(MEDIA_TYPES[query.format])
        .header('content-disposition', `attachment; filename="rebound-suppressions-${query.format}.${EXTENSIONS[query.format]}"`)
        .send(Readable.from(chunks, { objectMode: false }));
    },
  );
}
