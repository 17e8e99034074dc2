// RFC 3464 / RFC 6533 delivery-status fields. The per-message block and each per-recipient block
// are kept apart, so a recipient is never paired with another's diagnostic. Real reports omit the
// blank lines between blocks or repeat fields, so a block also ends where a new recipient begins.
import { type HeaderList, parseHeaders } from './mime.js';
import { angleAddress, cleanAddress, isAddress, trimRun } from './text-tools.js';

export interface DsnRecipient {
  finalRecipient: string | null;
  originalRecipient: string | null;
  actualRecipient: string | null;
  action: string | null;
  status: string | null;
  remoteMta: string | null;
  diagnosticType: string | null;
  diagnostic: string | null;
  lastAttemptDate: string | null;
  willRetryUntil: string | null;
}

export interface DsnReport {
  reportingMta: string | null;
  receivedFromMta: string | null;
  arrivalDate: string | null;
  originalEnvelopeId: string | null;
  /** the per-message block's fields, for non-standard ones (X-Postfix-Sender, ...) */
  messageFields: HeaderList;
  recipients: DsnRecipient[];
}

const RECIPIENT_FIELDS: Record<string, keyof DsnRecipient> = {
  'final-recipient': 'finalRecipient',
  'original-recipient': 'originalRecipient',
  'x-actual-recipient': 'actualRecipient',
  action: 'action',
  status: 'status',
  'remote-mta': 'remoteMta',
  'diagnostic-code': 'diagnostic',
  'last-attempt-date': 'lastAttemptDate',
  'will-retry-until': 'willRetryUntil',
};

function emptyRecipient(): DsnRecipient {
  return {
    finalRecipient: null,
    originalRecipient: null,
    actualRecipient: null,
    action: null,
    status: null,
    remoteMta: null,
    diagnosticType: null,
    diagnostic: null,
    lastAttemptDate: null,
    willRetryUntil: null,
  };
}

/** `rfc822; a@b`, `utf-8; \x{...}`, `dns; host` → the value without its type */
export function typedValue(v: string): { type: string | null; value: string } {
  const m = /^\s*([A-Za-z0-9-]+)\s*;\s*([\s\S]*)$/.exec(v);
  return m ? { type: m[1].toLowerCase(), value: m[2].trim() } : { type: null, value: v.trim() };
}

/** RFC 6533 utf-8-addr-xtext (`\x{40}`). RFC 3461 xtext (`+40`) is the ORCPT parameter's form in
 * SMTP; a report carries the decoded address (RFC 3461 6.3), where `+` is an ordinary character. */
export function decodeXtext(v: string): string {
  return v.replace(/\\x\{([0-9A-Fa-f]{1,6})\}/g, (_, h: string) => {
    const cp = parseInt(h, 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
  });
}

/** `dns; mx.example.org. (192.0.2.1, the server for the domain example.org.)` → `mx.example.org` */
export function hostName(v: string | null): string | null {
  if (!v) return null;
  const host = typedValue(v).value.replace(/\s*\(.*$/, '').trim().split(/\s+/)[0]?.replace(/\.$/, '') ?? '';
  return host || null;
}

/** what may follow an address in a field and is not part of it (trimRun: linear however long) */
const ADDRESS_TAIL = /[>\s.;,]/;
const QUOTE = /["']/;

export function recipientAddress(v: string | null): string | null {
  if (!v) return null;
  const { type, value } = typedValue(v);
  let a = value;
  if (type === 'utf-8' || type === 'rfc822' || type === 'x-unix') a = decodeXtext(a);
  const angle = angleAddress(a);
  if (angle) a = angle;
  a = trimRun(a.trim().replace(/^</, ''), ADDRESS_TAIL, 'end');
  // an X.400 gateway's "SMTP=" / "SMTP:" address type in front of the address
  a = a.replace(/^(?:SMTP|RFC-?822|INTERNET)\s*[=:]\s*/i, '');
  // a source route (RFC 5321 4.1.2, obsolete but still written): "@relay1,@relay2:user@domain"
  a = a.replace(/^@[^:\s]+:(?=[^\s@]+@)/, '');
  // a quoted local part is kept whole: "john..doe"@example.org
  if (/^"[^"]*"@[^\s@"]+$/.test(a)) return a;
  a = trimRun(a, QUOTE, 'both');
  if (/^[^\s@]+@[^\s@]+$/.test(a)) return a;
  // a program or file with an address in it ("|/usr/bin/procmail kijitora@example.com")
  return /\s/.test(a) ? cleanAddress(a) : a || null;
}

/** The field's value when it is a mailbox: not "@host" alone, not an X.400 O/R address, not a file. */
export function mailbox(v: string | null): string | null {
  const a = recipientAddress(v);
  return a && isAddress(a) ? a : null;
}

export function parseDsnFields(text: string): DsnReport {
  const report: DsnReport = {
    reportingMta: null,
    receivedFromMta: null,
    arrivalDate: null,
    originalEnvelopeId: null,
    messageFields: [],
    recipients: [],
  };
  let current: DsnRecipient | null = null;
  const close = () => {
    if (current && (current.finalRecipient || current.originalRecipient)) report.recipients.push(current);
    current = null;
  };
  // blocks are separated by blank lines; fields inside are header-shaped
  for (const block of text.split(/\n[ \t]*\n/)) {
    const fields = parseHeaders(block.replace(/^\n+/, ''));
    for (const [name, value] of fields) {
      const key = RECIPIENT_FIELDS[name];
      if (!key) {
        switch (name) {
          case 'reporting-mta':
            report.reportingMta ??= hostName(value);
            break;
          case 'received-from-mta':
            report.receivedFromMta ??= hostName(value);
            break;
          case 'arrival-date':
            report.arrivalDate ??= value;
            break;
          case 'original-envelope-id':
            report.originalEnvelopeId ??= value;
            break;
          default:
            if (!current) report.messageFields.push([name, value]);
        }
        continue;
      }
      const cur: DsnRecipient | null = current;
      // a recipient field seen twice means the next recipient's block began without a blank line
      const starts = (key === 'finalRecipient' || key === 'originalRecipient') && cur !== null && cur[key] !== null;
      if (starts) close();
      current ??= emptyRecipient();
      const r: DsnRecipient = current;
      if (r[key] !== null) continue; // a repeated field keeps its first value
      if (key === 'diagnostic') {
        const tv = typedValue(value);
        r.diagnosticType = tv.type;
        r.diagnostic = tv.value;
      } else if (key === 'remoteMta') {
        r.remoteMta = hostName(value);
      } else if (key === 'action') {
        r.action = value.toLowerCase().replace(/\s*\(.*$/, '').trim();
      } else if (key === 'status') {
        r.status = value.trim();
      } else {
        r[key] = value;
      }
    }
    close();
  }
  return report;
}
