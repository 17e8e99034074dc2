// POST /v1/messages: a raw message to ingest (a pipe from an MTA, a relay), through the same
// `ingest()` as every other source: spooled, parsed, recorded and the policy applied, in one
// transaction, before the answer.
import { z } from 'zod';
import { HttpError } from '../errors.js';
import { addRoute, type Ctx } from '../route.js';

export const MESSAGE_MEDIA_TYPES = ['message/rfc822', 'application/octet-stream'];

export function messageRoutes(ctx: Ctx): void {
  // the body stays bytes, exactly as sent (the SHA-256 identifies the message)
  ctx.app.addContentTypeParser(MESSAGE_MEDIA_TYPES, { parseAs: 'buffer', bodyLimit: ctx.settings.maxMessageBytes }, (_req, body, done) =>
    done(null, body),
  );
  addRoute(
    ctx,
    {
      method: 'POST',
      url: '/v1/messages',
      tag: 'messages',
      summary: 'Ingest one raw message (a bounce, a complaint, an auto-reply, ...)',
      description:
        'The body is the message, byte for byte. 201 when it is new, 200 when the same bytes were ingested before (nothing changes). `suppressed` lists the addresses it suppressed.',
      rawBody: { mediaTypes: MESSAGE_MEDIA_TYPES, description: 'the message as received (RFC 5322), at most http.maxMessageBytes' },
      bodyLimit: ctx.settings.maxMessageBytes,
      bodyLimitSetting: 'http.maxMessageBytes',
      querystring: z.strictObject({
        envelopeFrom: z.string().max(998).optional().describe('the SMTP MAIL FROM, when known'),
        envelopeTo: z
          .union([z.string(), z.array(z.string())])
          .transform((v) => [v].flat().flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))
          .optional()
          .describe('the SMTP RCPT TO addresses (the return path), comma-separated or repeated'),
        returnPathRecipient: z.string().max(320).optional().describe('the original recipient decoded from a VERP return path, used when the report names nobody'),
        sourceRef: z.string().max(1000).optional().describe('where it came from, kept with the message'),
      }),
      responses: {
        '201': {
          description: 'ingested',
          examples: {
            'application/json': {
              messageId: 12, sha256: 'e3b0c442…', duplicate: false, status: 'parsed', kind: 'bounce', records: 1, suppressed: ['gone@example.com'], problems: [],
            },
          },
        },
        '200': { description: 'the same bytes were ingested before (`duplicate: true`)' },
      },
    },
    async ({ query }, reply, req) => {
      const raw = req.body;
      if (!Buffer.isBuffer(raw)) {
        throw new HttpError(415, 'unsupported_media_type', `send the message with Content-Type ${MESSAGE_MEDIA_TYPES.join(' or ')}`);
      }
      if (raw.length === 0) throw new HttpError(400, 'invalid_body', 'the body is empty: send the raw message');
      const r = await ctx.port.ingest(raw, {
        source: 'http',
        sourceRef: query.sourceRef ?? `http ${req.ip}`,
        envelopeFrom: query.envelopeFrom ?? null,
        envelopeTo: query.envelopeTo,
        returnPathRecipient: query.returnPathRecipient ?? null,
      });
      return reply.code(r.duplicate ? 200 : 201).send(r);
    },
  );
}
