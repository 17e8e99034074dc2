// The export layouts. Each takes the active suppressions (ordered by address) and returns the
// file's text. Addresses are written in their key form (lower-case, ASCII domain). The layouts
// of the services follow their documented suppression imports (docs/store.md names each page): a
// service list that holds one kind of suppression gets only that kind, and a file is split where
// the service's import stops (`limit`).
import type { SuppressionRow, SuppressionType } from '../store/schema.js';
import type { Cause } from '../store/causes.js';
import type { StorePort } from '../store/port.js';
import { presentSuppression, type SuppressionJson } from '../present/suppression.js';

export const FORMATS = [
  'csv',
  'json',
  'ndjson',
  'txt',
  'postfix',
  'mailgun-bounces',
  'mailgun-complaints',
  'mailgun-unsubscribes',
  'ses',
  'sendgrid',
  'postmark',
] as const;
export type ExportFormat = (typeof FORMATS)[number];

/** Earlier names that still work. */
export const FORMAT_ALIASES: Readonly<Record<string, ExportFormat>> = { mailgun: 'mailgun-bounces' };

/** Every name `--format` takes: the formats and their aliases. */
export const FORMAT_NAMES = [...FORMATS, ...Object.keys(FORMAT_ALIASES)] as [string, ...string[]];

/** The format a name stands for (an alias gives its format), or null. */
export function formatNamed(name: string): ExportFormat | null {
  return (FORMATS as readonly string[]).includes(name) ? (name as ExportFormat) : (FORMAT_ALIASES[name] ?? null);
}

/** Mailgun refuses an import file larger than 25 MB. */
const MAILGUN_MAX_BYTES = 25_000_000;
/** Amazon SES takes at most 100,000 addresses per import job. */
const SES_MAX_ROWS = 100_000;
/** Postmark takes at most 50 addresses per suppressions request. */
const POSTMARK_PER_REQUEST = 50;

/**
 * A layout in three parts, so that a file can be written (or streamed) a page of rows at a time:
 * `head`, then `row` for each record (`i` counts from 0), then `tail` with the number of rows.
 */
export interface Layout {
  head: string;
  /** `cause`: the record that suppressed it, when `needsCause` (null for a manual suppression) */
  row(r: SuppressionJson, i: number, cause: Cause | null): string;
  tail(count: number): string;
  /** the only types the service's list holds (others are left out) */
  types?: readonly SuppressionType[];
  /** rows need the diagnostic and reply code of the record behind the suppression */
  needsCause?: boolean;
  /** what one file may hold: files written with `--out` (and scheduled ones) are split there */
  limit?: { rows?: number; bytes?: number };
}

/** The whole text of a layout (one file, never split); `causes` by record id, for a layout that needs them. */
export function formatSuppressions(format: ExportFormat, rows: SuppressionRow[], causes: ReadonlyMap<number, Cause> = new Map()): string {
  const l = layoutOf(format);
  const kept = l.types ? rows.filter((r) => l.types!.includes(r.type)) : rows;
  return l.head + kept.map((r, i) => l.row(presentSuppression(r), i, causeOf(r, causes))).join('') + l.tail(kept.length);
}

export function causeOf(r: SuppressionRow, causes: ReadonlyMap<number, Cause>): Cause | null {
  return r.bounce_id === null ? null : (causes.get(r.bounce_id) ?? null);
}

/** What an export reads: pages of the active suppressions and the records behind them (a store port). */
export type ExportSource = Pick<StorePort, 'suppressionsPage' | 'causes'>;

/** The causes a layout needs for these rows (none when it needs none), by record id. */
export async function causesFor(source: ExportSource, layout: Layout, rows: readonly SuppressionRow[]): Promise<Map<number, Cause>> {
  return layout.needsCause ? source.causes(rows.flatMap((r) => (r.bounce_id === null ? [] : [r.bounce_id]))) : new Map();
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
    case 'mailgun-bounces':
      // Mailgun's bounces list is for permanent failures: address, code, error (the server's own
      // words), created_at (RFC 2822 date)
      return {
        head: csvLine(['address', 'code', 'error', 'created_at']),
        row: (r, _i, c) => csvLine([r.address, String(c?.smtpCode && c.smtpCode >= 500 ? c.smtpCode : 550), oneLine(c?.diagnostic || rejectText(r)), mailgunDate(r)]),
        tail: noTail,
        types: ['hard'],
        needsCause: true,
        limit: { bytes: MAILGUN_MAX_BYTES },
      };
    case 'mailgun-complaints':
      return {
        head: csvLine(['address', 'created_at']),
        row: (r) => csvLine([r.address, mailgunDate(r)]),
        tail: noTail,
        types: ['complaint'],
        limit: { bytes: MAILGUN_MAX_BYTES },
      };
    case 'mailgun-unsubscribes':
      // suppressions made by hand; `*`: unsubscribed from every tag
      return {
        head: csvLine(['address', 'tags', 'created_at']),
        row: (r) => csvLine([r.address, '*', mailgunDate(r)]),
        tail: noTail,
        types: ['manual'],
        limit: { bytes: MAILGUN_MAX_BYTES },
      };
    case 'ses':
      // SES suppression-list bulk import (CSV): email address, BOUNCE or COMPLAINT; no header
      return {
        head: '',
        row: (r) => csvLine([r.address, r.type === 'complaint' ? 'COMPLAINT' : 'BOUNCE']),
        tail: noTail,
        limit: { rows: SES_MAX_ROWS },
      };
    case 'sendgrid':
      // SendGrid imports no suppression file: the body of POST /v3/asm/suppressions/global
      return {
        head: '{"recipient_emails":[',
        row: (r, i) => (i ? ',' : '') + JSON.stringify(r.address),
        tail: () => ']}\n',
      };
    case 'postmark':
      // bodies of POST /message-streams/{stream}/suppressions, one per line, 50 addresses each
      return {
        head: '',
        row: (r, i) =>
          (i % POSTMARK_PER_REQUEST ? ',' : i ? ']}\n{"Suppressions":[' : '{"Suppressions":[') + JSON.stringify({ EmailAddress: r.address }),
        tail: (n) => (n ? ']}\n' : ''),
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

function mailgunDate(r: SuppressionJson): string {
  return new Date(r.suppressedAt).toUTCString();
}

function oneLine(s: string): string {
  return s.replace(/[\x00-\x1f\x7f]+/g, ' ').trim();
}

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; CRLF ends. */
function csvLine(fields: string[]): string {
  return fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',') + '\r\n';
}
