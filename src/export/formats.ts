// The export layouts. Each takes the active suppressions (ordered by address) and returns the
// file's text. Addresses are written in their key form (lower-case, ASCII domain). The layouts
// of the services follow their documented suppression imports (docs/store.md says which).
import type { SuppressionRow } from '../store/schema.js';

export const FORMATS = ['csv', 'json', 'ndjson', 'txt', 'postfix', 'mailgun', 'ses', 'sendgrid', 'postmark'] as const;
export type ExportFormat = (typeof FORMATS)[number];

export interface ExportRecord {
  address: string;
  domain: string;
  type: string;
  reason: string;
  suppressedAt: string;
  firstEventAt: string;
  lastEventAt: string;
  eventCount: number;
  expiresAt: string | null;
}

export function toRecord(s: SuppressionRow): ExportRecord {
  return {
    address: s.address,
    domain: s.domain,
    type: s.type,
    reason: s.reason,
    suppressedAt: s.suppressed_at,
    firstEventAt: s.first_event_at,
    lastEventAt: s.last_event_at,
    eventCount: s.event_count,
    expiresAt: s.expires_at,
  };
}

export function formatSuppressions(format: ExportFormat, rows: SuppressionRow[]): string {
  const recs = rows.map(toRecord);
  switch (format) {
    case 'csv':
      return csv(
        ['address', 'domain', 'type', 'reason', 'suppressed_at', 'first_event_at', 'last_event_at', 'event_count', 'expires_at'],
        recs.map((r) => [r.address, r.domain, r.type, r.reason, r.suppressedAt, r.firstEventAt, r.lastEventAt, String(r.eventCount), r.expiresAt ?? '']),
      );
    case 'json':
      return JSON.stringify(recs, null, 2) + '\n';
    case 'ndjson':
      return recs.map((r) => JSON.stringify(r) + '\n').join('');
    case 'txt':
      return recs.map((r) => r.address + '\n').join('');
    case 'postfix':
      // access(5): "REJECT optional text"; postmap builds the lookup table from this file
      return recs.map((r) => `${r.address} REJECT ${oneLine(rejectText(r))}\n`).join('');
    case 'mailgun':
      // bounces import: address, code, error, created_at (RFC 2822 date)
      return csv(
        ['address', 'code', 'error', 'created_at'],
        recs.map((r) => [r.address, r.type === 'soft' ? '452' : '550', oneLine(rejectText(r)), new Date(r.suppressedAt).toUTCString()]),
      );
    case 'ses':
      // SES suppression-list bulk import (CSV): email address, BOUNCE or COMPLAINT; no header
      return recs.map((r) => csvLine([r.address, r.type === 'complaint' ? 'COMPLAINT' : 'BOUNCE'])).join('');
    case 'sendgrid':
      // suppression CSV upload: one `email` column with a header row
      return csv(['email'], recs.map((r) => [r.address]));
    case 'postmark':
      // body of POST /message-streams/{stream}/suppressions
      return JSON.stringify({ Suppressions: recs.map((r) => ({ EmailAddress: r.address })) }, null, 2) + '\n';
  }
}

function rejectText(r: ExportRecord): string {
  const what = r.type === 'complaint' ? `complaint (${r.reason})` : r.type === 'manual' ? `manual: ${r.reason}` : `${r.type} bounce (${r.reason})`;
  return `recipient suppressed: ${what}`;
}

function oneLine(s: string): string {
  return s.replace(/[\x00-\x1f\x7f]+/g, ' ').trim();
}

function csv(header: string[], rows: string[][]): string {
  return csvLine(header) + rows.map(csvLine).join('');
}

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; CRLF ends. */
function csvLine(fields: string[]): string {
  return fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',') + '\r\n';
}
