// /v1/export: the active suppressions in one of the CLI's layouts, streamed a page at a time. A
// layout that `--out` splits into numbered files (Mailgun's 25 MB, SES's 100,000 addresses) comes
// whole here, as one file: splitting is for files on disk (`rebound export --out`, scheduled files).
import { Readable } from 'node:stream';
import { z } from 'zod';
import { FORMAT_NAMES, type ExportFormat, formatNamed } from '../../export/formats.js';
import { exportChunks } from '../../export/stream.js';
import { domain, listOf, since } from '../params.js';
import { addRoute, type Ctx } from '../route.js';

const TYPES = ['hard', 'soft', 'complaint', 'manual'] as const;

export const MEDIA_TYPES: Record<ExportFormat, string> = {
  txt: 'text/plain; charset=utf-8',
  postfix: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  'mailgun-bounces': 'text/csv; charset=utf-8',
  'mailgun-complaints': 'text/csv; charset=utf-8',
  'mailgun-unsubscribes': 'text/csv; charset=utf-8',
  ses: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  sendgrid: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  postmark: 'application/x-ndjson; charset=utf-8',
};

export const EXTENSIONS: Record<ExportFormat, string> = {
  txt: 'txt', postfix: 'txt', csv: 'csv', 'mailgun-bounces': 'csv', 'mailgun-complaints': 'csv', 'mailgun-unsubscribes': 'csv', ses: 'csv',
  sendgrid: 'json', json: 'json', postmark: 'ndjson', ndjson: 'ndjson',
};

export function exportRoutes(ctx: Ctx): void {
  addRoute(
    ctx,
    {
      method: 'GET',
      url: '/v1/export',
      tag: 'export',
      summary: 'The active suppressions as a file, in one of the `rebound export` layouts (streamed)',
      description:
        'The same layouts, byte for byte, as `rebound export --format` writes to standard output: always one file, also for the layouts that `--out` splits into numbered files at a service\'s import limit (mailgun-*: 25 MB; ses: 100,000 addresses).',
      querystring: z.strictObject({
        format: z
          .enum(FORMAT_NAMES)
          .default('txt')
          .transform((f) => formatNamed(f)!)
          .describe(`one of ${FORMAT_NAMES.join(', ')} (mailgun is mailgun-bounces)`),
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
      // through the store port: on a shared store, the shared list (not this host's local spool)
      const chunks = exportChunks(ctx.port, { format: query.format, types: query.type, since: query.since, domain: query.domain, at: ctx.now() });
      return reply
        .type(MEDIA_TYPES[query.format])
        .header('content-disposition', `attachment; filename="rebound-suppressions-${query.format}.${EXTENSIONS[query.format]}"`)
        .send(Readable.from(chunks, { objectMode: false }));
    },
  );
}
