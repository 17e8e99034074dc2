// Event facts to the report the mail parser gives, through the same classification of each
// recipient (parse-bounce's finish): the service's verdict, else the classifier on the server's
// words, else what the service's code implies.
import { emptyReport, finish, kindOf } from '../parse-bounce.js';
import type { BounceReport, FeedbackReport, RecipientReport } from '../types.js';
import type { EventFacts, EventRecipient } from './types.js';

const UNDECIDED = new Set(['undefined', 'onhold']);

export function reportOf(f: EventFacts): BounceReport {
  const report = emptyReport([]);
  report.format = f.provider;
  report.reportingMta = f.reportingMta;
  report.arrivalDate = f.at;
  report.recipients = f.recipients.map(classified);
  report.kind = f.kind === 'bounce' || f.kind === 'delay' ? kindOf(report.recipients) : f.kind;
  if (f.originalMessageId) report.original = { messageId: f.originalMessageId, from: null, to: null, subject: null, date: null, headers: [] };
  if (f.kind === 'complaint') report.feedback = feedbackOf(f);
  return report;
}

function classified(r: EventRecipient): RecipientReport {
  const { verdict, fallback, ...decoded } = r;
  if (verdict) return { ...finish({ ...decoded, reason: verdict.reason }), type: verdict.type };
  const c = finish(decoded);
  return fallback && UNDECIDED.has(c.reason) ? { ...c, reason: fallback.reason, type: fallback.type } : c;
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
