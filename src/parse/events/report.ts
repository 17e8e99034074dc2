// Event facts to the report of facts the mail parser gives (parse-bounce's finish splits the codes
// out of the server's words), with the service's own verdict beside each recipient: applied once a
// classifier has read the facts (src/events/classify-event.ts).
import { emptyReport, finish, kindOf } from '../parse-bounce.js';
import type { FeedbackReport, ParsedReport } from '../types.js';
import type { EventFacts, Verdict } from './types.js';

/** What the service's code says of one recipient: decides (verdict), or stands in when the words say nothing (fallback). */
export interface ServiceVerdict {
  verdict?: Verdict;
  fallback?: Verdict;
}

export interface EventReport {
  parsed: ParsedReport;
  /** one per recipient of `parsed`, in order */
  verdicts: ServiceVerdict[];
}

export function parsedOf(f: EventFacts): EventReport {
  const report = emptyReport([]);
  report.format = f.provider;
  report.reportingMta = f.reportingMta;
  report.arrivalDate = f.at;
  // a verdict is the decoder's hint: the classifier takes it as the reason
  report.recipients = f.recipients.map(({ verdict, fallback: _, ...r }) => finish({ ...r, reason: verdict?.reason ?? r.reason ?? null }));
  report.kind = f.kind === 'bounce' || f.kind === 'delay' ? kindOf(report.recipients) : f.kind;
  if (f.originalMessageId) report.original = { messageId: f.originalMessageId, from: null, to: null, subject: null, date: null, headers: [] };
  if (f.kind === 'complaint') report.feedback = feedbackOf(f);
  return { parsed: report, verdicts: f.recipients.map(({ verdict, fallback }) => ({ verdict, fallback })) };
}

function feedbackOf(f: EventFacts): FeedbackReport {
  return {
    feedbackType: f.feedbackType?.toLowerCase() ?? 'abuse',
    userAgent: null,
    originalMailFrom: null,
    originalRcptTo: f.recipients.map((r) => r.address),
    removalRecipient: [],
    sourceIp: null,
    arrivalDate: f.at,
    reportedDomain: null,
    authFailure: null,
  };
}

/** `smtp; 550 5.1.1 ...` → the type and the server's words. */
export function splitDiagnosticType(text: string | null | undefined): { diagnosticType: string | null; diagnostic: string | null } {
  if (!text) return { diagnosticType: null, diagnostic: null };
  const m = /^\s*([a-z][a-z0-9-]*)\s*;\s*([\s\S]*)$/i.exec(text);
  return m ? { diagnosticType: m[1]!.toLowerCase(), diagnostic: m[2]!.trim() || null } : { diagnosticType: null, diagnostic: text.trim() || null };
}

/** An ISO 8601 time from unix seconds or a date text; null when it is neither. */
export function isoTime(v: unknown): string | null {
  const d = typeof v === 'number' ? new Date(v * 1000) : typeof v === 'string' ? new Date(v) : null;
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
}
