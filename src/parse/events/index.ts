// The sending services whose events Rebound reads, by name (the name is the stored format, so
// reparse routes an event back to its decoder), and the other JSON inputs kept the same way.
import { emptyReport } from '../parse-bounce.js';
import { type EventReport, parsedOf } from './report.js';
import type { EventDecoder, EventFacts } from './types.js';
import { ses } from './ses.js';
import { sendgrid } from './sendgrid.js';
import { postmark } from './postmark.js';
import { mailgun } from './mailgun.js';
import { resend } from './resend.js';
import { sparkpost } from './sparkpost.js';
import { brevo } from './brevo.js';
import { reply } from './reply.js';

export const EVENT_DECODERS = { ses, sendgrid, postmark, mailgun, resend, sparkpost, brevo } as const satisfies Record<string, EventDecoder>;
export type EventProvider = keyof typeof EVENT_DECODERS;
export const EVENT_PROVIDERS = Object.keys(EVENT_DECODERS) as EventProvider[];

export function isEventProvider(name: string): name is EventProvider {
  return Object.hasOwn(EVENT_DECODERS, name);
}

/** Every stored JSON format: the providers' events, and replies recorded through POST /v1/classify. */
const FORMATS: Readonly<Record<string, EventDecoder>> = { ...EVENT_DECODERS, reply };

/**
 * A stored event's bytes to a report of facts; a malformed event is a report with the problem. Never
 * throws. `known`: the facts the decoder read while splitting the body (SplitEvent.facts): used
 * instead of reading the bytes again.
 */
export function readEvent(format: string, raw: Uint8Array | string, known?: EventFacts | null): EventReport {
  const decoder = Object.hasOwn(FORMATS, format) ? FORMATS[format] : undefined;
  if (!decoder) return { parsed: emptyReport([`no decoder for the format ${format}`]), verdicts: [] };
  try {
    const facts = known !== undefined ? known : decoder.facts(typeof raw === 'string' ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'));
    return facts ? parsedOf(facts) : { parsed: { ...emptyReport([]), format }, verdicts: [] };
  } catch (err) {
    return { parsed: { ...emptyReport([(err as Error).message]), format }, verdicts: [] };
  }
}
