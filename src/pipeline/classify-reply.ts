// Classify what a sender's own MTA was told (`550 5.1.1 ...` at RCPT): the reason, hard or soft,
// and what to do, by the same classification as every bounce. `recordReply` also keeps it (raw,
// as a small JSON document of format `reply`) and applies the policy, like a bounce.
import { createHash } from 'node:crypto';
import { adviceFor, type ExplainAction } from '../classify/explain.js';
import { parsedOf } from '../parse/events/report.js';
import { classifyReport } from '../parse-and-classify.js';
import type { Classifier } from '../classify/classifier.js';
import { type ReplyInput, replyFacts } from '../parse/events/reply.js';
import type { BounceType, Reason } from '../parse/types.js';
import type { PipelineContext } from './context.js';
import { type EventsResult, ingestEvents } from './events.js';

export interface ReplyVerdict {
  reason: Reason;
  type: BounceType | null;
  /** the reply is temporary (4xx): the MTA retries */
  temporary: boolean;
  smtpCode: number | null;
  status: string | null;
  /** the server's words, codes removed */
  diagnostic: string | null;
  command: string | null;
  action: ExplainAction;
  advice: string;
}

export function classifyReply(input: ReplyInput, classifier: Classifier): ReplyVerdict {
  const r = classifyReport(parsedOf(replyFacts(input)).parsed, classifier).recipients[0]!;
  const temporary = r.action === 'delayed';
  return { reason: r.reason, type: r.type, temporary, smtpCode: r.smtpCode, status: r.status, diagnostic: r.diagnostic, command: r.command, ...adviceFor(r.reason, temporary) };
}

/** Classify and store the reply about `input.recipient` (required), at `input.at` or now. */
export function recordReply(ctx: PipelineContext, input: ReplyInput & { recipient: string }): { verdict: ReplyVerdict; recorded: EventsResult } {
  const doc = { ...input, at: input.at ?? ctx.now().toISOString() };
  const raw = JSON.stringify(doc);
  const id = createHash('sha256').update(raw).digest('hex');
  return { verdict: classifyReply(doc, ctx.store.classifier), recorded: ingestEvents(ctx, 'reply', [{ id, raw }], `classify ${doc.recipient}`) };
}
