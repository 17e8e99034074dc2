// A parsed report to the per-recipient records the store keeps: one per distinct (normalised)
// recipient. When the message came back to a VERP/signed return path, the recipient decoded from it
// is the one we sent to: it stands in when the report names nobody, and shares the report's words
// when the report names one other address (the message was forwarded or expanded on the way).
import { normalizeAddress } from '../address.js';
import type { BounceReport, RecipientReport } from '../parse/types.js';
import type { NewBounce } from '../store/schema.js';

export type RecordFields = Omit<NewBounce, 'message_id' | 'event_at'>;

export function recordsOf(report: BounceReport, returnPathRecipient: string | null): RecordFields[] {
  const base = {
    kind: report.kind,
    reporting_mta: report.reportingMta,
    original_message_id: report.original?.messageId ?? null,
    feedback_type: report.kind === 'complaint' ? (report.feedback?.feedbackType ?? null) : null,
  };
  // a report may name the same recipient twice (status part and text): keep the most informative
  const byAddress = new Map<string, RecordFields>();
  for (const r of report.recipients) {
    const a = normalizeAddress(r.address);
    if (!a) continue;
    const rec = recordOf(base, r, a.address, a.domain);
    const had = byAddress.get(a.address);
    if (!had || informative(rec) > informative(had)) byAddress.set(a.address, rec);
  }
  const out = [...byAddress.values()];
  const verp = returnPathRecipient ? normalizeAddress(returnPathRecipient) : null;
  if (verp && !byAddress.has(verp.address) && out.length <= 1) {
    // the return path says whom we sent to: a report naming nobody stands in for it, and a report
    // naming one other address (a forward or an alias expanded on the way) is about it too
    const about = out.length === 1 ? { ...out[0]! } : { ...base, ...standIn(report) };
    out.push({ ...about, recipient: verp.address, recipient_reported: returnPathRecipient!, domain: verp.domain, from_return_path: 1 });
  }
  return out;
}

function informative(r: RecordFields): number {
  return (
    (r.reason !== 'undefined' && r.reason !== 'onhold' ? 4 : 0) + (r.status ? 2 : 0) + (r.smtp_code ? 1 : 0) + (r.type === 'hard' ? 1 : 0)
  );
}

/**
 * One literal, not spreads of `base` and the recipient's fields: V8 builds an object spread from two
 * others and extended after slowly (a few times the cost of the rest of the record), per recipient.
 */
function recordOf(base: Pick<RecordFields, 'kind' | 'reporting_mta' | 'original_message_id' | 'feedback_type'>, r: RecipientReport, recipient: string, domain: string): RecordFields {
  return {
    kind: base.kind,
    reporting_mta: base.reporting_mta,
    original_message_id: base.original_message_id,
    feedback_type: base.feedback_type,
    action: r.action,
    status: r.status,
    smtp_code: r.smtpCode,
    type: r.type,
    reason: r.reason,
    remote_mta: r.remoteMta,
    diagnostic: r.diagnostic,
    command: r.command,
    rule: r.rule,
    recipient,
    recipient_reported: r.address,
    domain,
    from_return_path: 0,
  };
}

/** What is known about a recipient the report does not name: only the kind of report. */
function standIn(report: BounceReport) {
  return {
    action: null,
    status: null,
    smtp_code: null,
    type: null,
    reason: report.kind === 'auto-reply' ? 'vacation' : report.kind === 'complaint' ? 'feedback' : 'undefined',
    remote_mta: null,
    diagnostic: null,
    command: null,
    rule: 'builtin:stand-in',
  };
}
