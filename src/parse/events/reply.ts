// A reply a sender's own MTA was given while sending (`550 5.1.1 ...` at RCPT), told to Rebound
// through POST /v1/classify or `rebound classify`: the most common hard bounce, and it never
// produces a DSN. Stored (when asked) as this small JSON document, so reparse reads it again.
import { z } from 'zod';
import { parseJson, readPayload } from './payload.js';
import { isoTime } from './report.js';
import type { EventBody, EventDecoder, EventFacts } from './types.js';

export const replyInput = z.strictObject({
  reply: z.string().trim().min(1, 'expected the server reply, e.g. "550 5.1.1 user unknown"').max(4000),
  command: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^(CONN|HELO|EHLO|STARTTLS|AUTH|MAIL|RCPT|DATA|BDAT|\.)$/, 'expected an SMTP command: CONN, EHLO, MAIL, RCPT, DATA, ...')
    .optional(),
  remoteMta: z.string().trim().min(1).max(255).optional(),
  recipient: z.string().trim().min(3).max(320).optional(),
  /** when the reply was given (ISO 8601); default now */
  at: z.iso.datetime({ offset: true }).optional(),
});
export type ReplyInput = z.output<typeof replyInput>;

/** The reply's facts, about `recipient` (or a stand-in when it is only being classified). */
export function replyFacts(r: ReplyInput, standIn = 'recipient@invalid'): EventFacts {
  const temporary = /^\s*4/.test(r.reply);
  return {
    kind: temporary ? 'delay' : 'bounce',
    provider: 'reply',
    reportingMta: null,
    at: isoTime(r.at),
    originalMessageId: null,
    recipients: [{ address: r.recipient ?? standIn, action: temporary ? 'delayed' : 'failed', diagnostic: r.reply, command: r.command ?? null, remoteMta: r.remoteMta ?? null }],
  };
}

export const reply: EventDecoder = {
  name: 'reply',
  split(body: string): EventBody {
    readPayload(replyInput, parseJson(body));
    return { events: [], ignored: 0 };
  },
  facts(raw: string): EventFacts {
    return replyFacts(readPayload(replyInput, parseJson(raw)));
  },
};
