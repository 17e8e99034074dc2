// POST /v1/classify: what a sender's own MTA was told while sending, classified like a bounce
// (reason, hard or soft, what to do); with `record: true` it is also stored about `recipient` and
// the policy applied, in one transaction, before the answer.
import { z } from 'zod';
import { normalizeAddress } from '../../address.js';
import { replyInput } from '../../parse/events/reply.js';
import { classifyReply, recordReply } from '../../pipeline/classify-reply.js';
import { HttpError } from '../errors.js';
import { addRoute, type Ctx } from '../route.js';

const body = replyInput.extend({
  record: z.boolean().default(false).describe('store it about `recipient` and apply the suppression policy, like a bounce'),
});

export function classifyRoutes(ctx: Ctx): void {
  addRoute(
    ctx,
    {
      method: 'POST',
      url: '/v1/classify',
      tag: 'classify',
      summary: "Classify an SMTP reply a sender's MTA was given (reason, hard or soft, advice); optionally record it",
      description:
        'A 5xx at RCPT while sending is the most common hard bounce and never produces a DSN: give its reply (and the command, the remote MTA), ' +
        'and get what Rebound makes of it. With `"record": true` and a `recipient`, it is stored and goes through the suppression policy (201).',
      body,
      responses: {
        '200': {
          description: 'classified',
          examples: {
            'application/json': {
              reason: 'userunknown', type: 'hard', temporary: false, smtpCode: 550, status: '5.1.1', diagnostic: 'user unknown', command: 'RCPT',
              action: 'suppress', advice: 'The mailbox does not exist: suppress the address and never send to it again.',
            },
          },
        },
        '201': { description: 'classified and recorded: `recorded` says what was written (`new`, `records`, `suppressed`)' },
      },
    },
    ({ body: b }, reply) => {
      const { record, ...input } = b;
      if (!record) return classifyReply(input, ctx.store.classifier);
      if (!input.recipient) throw new HttpError(400, 'invalid_body', 'recipient: missing: required with "record": true', 'recipient');
      if (!normalizeAddress(input.recipient)) throw new HttpError(400, 'invalid_body', `recipient: got ${JSON.stringify(input.recipient)}: not an email address`, 'recipient');
      const r = recordReply(ctx.pipeline, { ...input, recipient: input.recipient });
      return reply.code(201).send({ ...r.verdict, recorded: r.recorded });
    },
  );
}
