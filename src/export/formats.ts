// The export layouts. Each takes the active suppressions (ordered by address) and returns the
// file's text. Addresses are written in their key form (lower-case, ASCII domain). The layouts
// of the services follow their documented suppression imports (docs/store.md says which).
import type { SuppressionRow } from '../store/schema.js';
import { presentSuppression, type SuppressionJson } from '../present/suppression.js';

export const FORMATS = ['csv', 'json', 'ndjson', 'txt', 'postfix', 'mailgun', 'ses', 'sendgrid', 'postmark'] as const;
export type ExportFormat = (typeof FORMATS)[number];

/**
 * A layout in three parts, so that a file can be written (or streamed) a page of rows at a time:
 * `head`, then `row` for each record (`i` counts from 0), then `tail` with the number of rows.
 */
export interface Layout {
  head: string;
  row(r: SuppressionJson, i: number): string;
  tail(count: number): string;
}

export function formatSuppressions(format: ExportFormat, rows: SuppressionRow[]): string {
  const l = layoutOf(format);
  return l.head + rows.map((r, i) => l.row(presentSuppression(r), i)).join('') + l.tail(rows.length);
}

const noTail = () => '';

export function layoutOf(format: ExportFormat): Layout {
  switch (format) {
    case 'csv':
      return {
        head: csvLine(['address', 'domain', 'type', 'reason', 'suppressed_at', 'first_event_at', 'last_event_at', 'event_count', 'expires_at']),
        row: (r) => csvLine([r.address, r.domain, r.type, r.reason, r.suppressedAt, r.firstEventAt, r.lastEventAt, String(r.eventCount), r.expiresAt ?? '']),
        tail: noTail,
      };
    case 'json':
      // byte for byte what JSON.stringify(records, null, 2) gives, one element at a time
      return {
        head: '[',
        row: (r, i) => (i ? ',' : '') + '\n' + indent(JSON.stringify(r, null, 2), '  '),
        tail: (n) => (n ? '\n]\n' : ']\n'),
      };
    case 'ndjson':
      return { head: '', row: (r) => JSON.stringify(r) + '\n', tail: noTail };
    case 'txt':
      return { head: '', row: (r) => r.address + '\n', tail: noTail };
    case 'postfix':
      // access(5): "REJECT optional text"; postmap builds the lookup table from this file
      return { head: '', row: (r) => `${r.address} REJECT ${oneLine(rejectText(r))}\n`, tail: noTail };
    case 'mailgun':
      // bounces import: address, code, error, created_at (RFC 2822 date)
      return {
        head: csvLine(['address', 'code', 'error', 'created_at']),
        row: (r) => csvLine([r.address, r.type === 'soft' ? '452' : '550', oneLine(rejectText(r)), new Date(r.suppressedAt).toUTCString()]),
        tail: noTail,
      };
    case 'ses':
      // SES suppression-list bulk import (CSV): email address, BOUNCE or COMPLAINT; no header
      return { head: '', row: (r) => csvLine([r.address, r.type === 'complaint' ? 'COMPLAINT' : 'BOUNCE']), tail: noTail };
    case 'sendgrid':
      // suppression CSV upload: one `email` column with a header row
      return { head: csvLine(['email']), row: (r) => csvLine([r.address]), tail: noTail };
    case 'postmark':
      // body of POST /message-streams/{stream}/suppressions (JSON.stringify(..., null, 2) layout)
      return {
        head: '{\n  "Suppressions": [',
        row: (r, i) => (i ? ',' : '') + '\n' + indent(JSON.stringify({ EmailAddress: r.address }, null, 2), '    '),
        tail: (n) => (n ? '\n  ]\n}\n' : ']\n}\n'),
      };
  }
}

function indent(text: string, by: string): string {
  return by + text.replace(/\n/g, '\n' + by);
}

function rejectText(r: SuppressionJson): string {
  const what = r.type === 'complaint' ? `complaint (${r.reason})` : r.type === 'manual' ? `manual: ${r.reason}` : `${r.type} bounce (${r.reason})`;
  return `recipient suppressed: ${what}`;
}

function oneLine(s: string): string {
  return s.replace(/[\x00-\x1f\x7f]+/g, ' ').trim();
}

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; CRLF ends. */
function csvLine(fields: string[]): string {
  return fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',') + '\r\n';
}
