// Raw bytes to a report of facts (a classifier, applied afterwards, gives the reasons: see
// src/parse-and-classify.ts). Order: complaints (ARF), then the format decoders (each knows its own
// reports; the first that recognises the message and finds recipients wins, with the RFC 3464
// fields as the base when there are any), then plain RFC 3464, then automatic replies, else
// not-bounce. Nothing here throws: bad input gives a partial report and a list of problems.
import type { Action, OriginalMessage, ParsedReport, ParseOptions, RecipientFacts, ReportKind } from './types.js';
import { type Message, readMessage } from './message.js';
import { type HeaderList, header, headerAll } from './mime.js';
import { decodeHeaderValue } from './charset.js';
import { wellFormedDeep } from '../well-formed.js';
import { normaliseStatus } from '../smtp-codes/reply-text.js';
import { readReply as splitDiagnostic } from './reply-text.js';
import { recoverAddresses } from './recover.js';
import { cleanAddress, findCommand } from './text-tools.js';
import { findDsn, decodeDsn } from './decoders/rfc3464.js';
import { decodeComplaint, isComplaint } from './decoders/arf.js';
import { autoReplyAddress, isAutoReply, saysMailboxGone } from './decoders/auto-reply.js';
import { DECODERS } from './decoders/index.js';
import { generic, namedInText, unattributed } from './decoders/formats/generic.js';
import { gaveUp } from './decoders/last-resort/vocabulary.js';
import { reportPartOf } from './decoders/last-resort/report-part.js';
import { isReadReceipt } from './decoders/mdn.js';
import { isChallenge, isPersonalReply } from './decoders/not-report.js';
import { returnsMessageOnly } from './decoders/last-resort/evidence.js';
import { decodeSuccessNotice, isSuccessNotice } from './decoders/success-notice.js';
import type { DecodeContext, Decoded, DecodedRecipient } from './decoders/types.js';
import { collapseSpace } from '../collapse-space.js';

export function readBounce(raw: Uint8Array | string, options: ParseOptions = {}): ParsedReport {
  let m: Message;
  try {
    m = readMessage(raw);
  } catch (err) {
    return emptyReport([`message could not be read: ${(err as Error).message}`]);
  }
  try {
    // well-formed whatever the decoders did: a lone surrogate (a cut pair, a JSON escape, an
    // entity) must not reach the output or the store
    return wellFormedDeep(buildReport(m, options));
  } catch (err) {
    const report = emptyReport([...m.problems.list, `report could not be decoded: ${(err as Error).message}`]);
    report.subject = m.subject || null;
    report.from = m.from || null;
    return wellFormedDeep(report);
  }
}

export function emptyReport(problems: string[]): ParsedReport {
  return {
    kind: 'not-bounce',
    format: null,
    reportingMta: null,
    arrivalDate: null,
    subject: null,
    from: null,
    messageId: null,
    recipients: [],
    original: null,
    problems,
  };
}

function buildReport(m: Message, options: ParseOptions): ParsedReport {
  const ctx: DecodeContext = { m, dsn: null };
  const report = emptyReport([]);
  report.subject = m.subject || null;
  report.from = m.from || null;
  report.messageId = header(m.headers, 'message-id')?.trim() ?? null;

  let decoded: Decoded | null = null;
  let format: string | null = null;
  if (isComplaint(ctx)) {
    const c = decodeComplaint(ctx);
    decoded = c;
    format = 'arf';
    report.feedback = c.feedback;
  } else {
    ctx.dsn = findDsn(ctx);
    const base = ctx.dsn ? oneShape(decodeDsn(ctx.dsn)) : null;
    // a challenge-response system that sends its request as a DSN ("Action: delayed", 4.7.0,
    // "approve yourself as a sender"): no real message is delayed
    if (base && base.recipients.length && base.recipients.every((r) => r.action === 'delayed') && isChallenge(ctx)) {
      report.problems = m.problems.list;
      return report;
    }
    // the first format that knew the report but found no recipient in it
    let recognised: string | null = null;
    // a person's reply or forward of a report ("Fwd: Undeliverable: ...", from a person) quotes
    // the report's words; only the last resort, which weighs that, reads it
    const decoders = options.decoders === 'generic-only' || (!base && isPersonalReply(ctx)) ? [generic] : DECODERS;
    for (const d of decoders) {
      // the last resort is for reports nothing describes: a status part does
      if (d === generic && base && base.recipients.length) continue;
      if (d === generic && recognised) {
        // a known report whose recipient lines were not found: the addresses its words name, else
        // who the headers say it was for (and then what went wrong is not known)
        const named = oneShape(namedInText(ctx));
        if (named.recipients.length) {
          decoded = named;
          format = generic.name;
        } else {
          decoded = recovered(m, named.originalHeaders ?? null);
          format = decoded ? recognised : null;
        }
        break;
      }
      if (!d.detect(ctx)) continue;
      const got = oneShape(d.decode(ctx));
      if (!got || got.recipients.length === 0) {
        // ours, but the words name no recipient: the status fields still do
        if (base && base.recipients.length && d.name !== 'generic') {
          decoded = base;
          format = d.name;
          break;
        }
        if (d !== generic) recognised ??= d.name;
        continue;
      }
      decoded = got.complete ? got : base && base.recipients.length ? merge(base, got) : withLoneStatus(ctx, got);
      format = d.name;
      break;
    }
    if (!decoded && base && base.recipients.length) {
      // a plain DSN whose status fields are thin: the readable part may still say more
      const words = oneShape(generic.decode(ctx));
      decoded = words && words.recipients.length ? merge(base, words) : base;
      format = 'rfc3464';
    }
    if (!decoded && !isReadReceipt(ctx) && isAutoReply(ctx)) {
      const address = autoReplyAddress(ctx);
      const gone = saysMailboxGone(ctx);
      decoded = {
        kind: gone ? 'bounce' : 'auto-reply',
        recipients: address
          ? [{ address, action: gone ? 'failed' : null, reason: gone ? 'suspend' : 'vacation', diagnostic: m.text.trim().slice(0, 300) || null }]
          : [],
      };
      format = 'rfc3834';
    }
    // a notice of delivery without its status part: the recipients it lists got the message
    if (!decoded && !(base && base.recipients.length) && isSuccessNotice(ctx)) {
      decoded = oneShape(decodeSuccessNotice(ctx));
      if (decoded) format = generic.name;
    }
    // a mail system's report with no words to read, only the message it returns ("Returned mail",
    // the copy attached): who it was for, from the returned message's headers
    if (!decoded && !(base && base.recipients.length) && returnsMessageOnly(ctx)) {
      decoded = recovered(m, m.originalHeaders);
      if (decoded) format = generic.name;
    }
  }

  // a report nothing could attribute to an address: a bounce whose recipient is not known
  if (!decoded) {
    const bare = unattributed(ctx);
    if (bare) {
      report.kind = bare.kind!;
      report.format = generic.name;
    }
  }
  report.original = originalOf(m.originalHeaders ?? decoded?.originalHeaders ?? null);
  if (!decoded) {
    report.problems = m.problems.list;
    return report;
  }
  if (decoded.recipients.length === 0 && decoded.kind !== 'auto-reply' && decoded.kind !== 'complaint') {
    report.problems = m.problems.list;
    return report;
  }
  report.format = format;
  if (decoded.feedback) report.feedback = decoded.feedback;
  report.reportingMta = decoded.reportingMta ?? null;
  report.arrivalDate = decoded.arrivalDate ?? null;
  // a 4.x.x status whose report says its system stopped trying is a failure, not a delay (asked
  // only when a recipient has one and no action)
  let stopped: boolean | undefined;
  const gaveUpOnIt = () => (stopped ??= gaveUp(reportPartOf(m).report, m.subject));
  report.recipients = decoded.recipients.map((r) => finish(r, gaveUpOnIt));
  report.kind = decoded.kind ?? kindOf(report.recipients);
  report.problems = m.problems.list;
  return report;
}

/** The decoded recipients as objects of one shape: each decoder builds its own (fields in another
 * order, some left out), and the code below that reads them all (merge, finish) would otherwise
 * read them through megamorphic loads and be deoptimised by the next decoder's shape. A field a
 * decoder left out stays undefined (finish tells undefined from null). */
function oneShape<T extends Decoded | null>(d: T): T {
  if (d) d.recipients = d.recipients.map(shaped);
  return d;
}

function shaped(r: DecodedRecipient): DecodedRecipient {
  return {
    address: r.address,
    alias: r.alias,
    action: r.action,
    status: r.status,
    smtpCode: r.smtpCode,
    diagnostic: r.diagnostic,
    remoteMta: r.remoteMta,
    command: r.command,
    diagnosticType: r.diagnosticType,
    reason: r.reason,
  };
}

/** Who failed, from the headers alone (X-Failed-Recipients, a subject that names one address,
 * the returned message's Received ... for and To); what went wrong is not known. */
function recovered(m: Message, originalHeaders: HeaderList | null): Decoded | null {
  const addresses = recoverAddresses(m, originalHeaders);
  return addresses.length ? { recipients: addresses.map((address) => ({ address, diagnostic: null })) } : null;
}

/** A status part with one recipient block that names no address (a file, a program) still has
 * the status of the one recipient the words name. */
function withLoneStatus(ctx: DecodeContext, got: Decoded): Decoded {
  const blocks = ctx.dsn?.recipients ?? [];
  if (blocks.length !== 1 || got.recipients.length !== 1 || got.recipients[0].status) return got;
  const status = blocks[0].status ? normaliseStatus(blocks[0].status.split(/[\s(]/)[0]) : null;
  if (!status) return got;
  return { ...got, recipients: [{ ...got.recipients[0], status }] };
}

/** The text decoder knows the words; the status fields know the recipients. */
function merge(base: Decoded, text: Decoded): Decoded {
  const byAddress = new Map(text.recipients.map((r) => [r.address.toLowerCase(), r]));
  const single = base.recipients.length === 1 && text.recipients.length === 1 ? text.recipients[0] : undefined;
  const recipients = base.recipients.map((b) => {
    const t = byAddress.get(b.address.toLowerCase()) ?? single;
    if (!t) return b;
    const out: DecodedRecipient = { ...b };
    // the status part's diagnostic is the server's reply; the text's is used when that is missing
    // or when only the text carries the reply codes
    // or when the status part cut a multi-line reply to its first line and the text has all of it
    const whole = t.diagnostic && out.diagnostic ? continuation(out.diagnostic, t.diagnostic, out.smtpCode ?? null) : null;
    if (whole) out.diagnostic = whole;
    else if (t.diagnostic && (!out.diagnostic || (out.smtpCode == null && !hasCodes(out.diagnostic) && hasCodes(t.diagnostic)))) {
      out.diagnostic = t.diagnostic;
      const split = splitDiagnostic(t.diagnostic);
      out.smtpCode ??= split.smtpCode;
      if (split.status && (!out.status || out.status.endsWith('.0.0'))) out.status = split.status;
    }
    out.smtpCode ??= t.smtpCode ?? null;
    out.status ??= t.status ?? null;
    out.command ??= t.command ?? null;
    out.remoteMta ??= t.remoteMta ?? null;
    out.reason ??= t.reason ?? null;
    out.alias ??= t.alias ?? null;
    // a delay notice whose words say the message expired: it was given up, not delayed
    if (out.action === 'delayed' && t.action === 'failed' && t.reason === 'expired') out.action = 'failed';
    return out;
  });
  return {
    ...base,
    recipients,
    reportingMta: base.reportingMta ?? text.reportingMta,
    arrivalDate: base.arrivalDate ?? text.arrivalDate,
    originalHeaders: text.originalHeaders,
    kind: text.kind,
  };
}

/** The rest of a multi-line reply ("550-5.7.1 ... 550 5.7.1 ...") that the status part cut to its
 * first line, as the text quotes it whole (without the text's own words around it: "host X said:",
 * "(in reply to ... command)"); null when the text has no more of the same reply. */
function continuation(first: string, text: string, code: number | null): string | null {
  const a = collapseSpace(first).trim();
  if (a.length < 10) return null;
  // collapsing white space only shortens the text: too short to hold more than the first line
  if (text.length <= a.length + 10) return null;
  const b = collapseSpace(text).trim();
  const at = b.indexOf(a);
  if (at < 0) return null;
  const whole = b.slice(at).replace(/\s*\(in reply to [^)]*\)\s*$/i, '');
  if (whole.length <= a.length + 10) return null;
  // the same reply goes on: its code repeated on the next lines, and no other code
  const codes = [...whole.slice(a.length).matchAll(/(?:^|\s)([245]\d\d)[\s-]/g)].map((m) => Number(m[1]));
  return code !== null && codes.length > 0 && codes.every((c) => c === code) ? whole : null;
}

function hasCodes(text: string): boolean {
  const s = splitDiagnostic(text);
  return s.smtpCode !== null || s.status !== null;
}

/** A decoder's recipient as the facts the classifier reads (codes split out of the server's words). */
export function finish(r: DecodedRecipient, gaveUpOnIt: () => boolean = () => false): RecipientFacts {
  const split = splitDiagnostic(r.diagnostic ?? null);
  const smtpCode = r.smtpCode ?? split.smtpCode;
  let status = r.status ?? split.status;
  if (status && /\.0\.0$/.test(status) && split.status && split.status[0] === status[0]) status = split.status;
  let action: Action | null = r.action === undefined ? 'failed' : r.action;
  if (action === 'failed' && status?.startsWith('4') && r.action === undefined && !gaveUpOnIt()) action = 'delayed';
  return {
    address: r.address,
    alias: aliasOf(r),
    action,
    status,
    smtpCode,
    remoteMta: r.remoteMta ?? null,
    diagnostic: split.text || null,
    // the stage the server's own words name ("most progress was RCPT TO", ">>> RCPT To:", "RCPT TO <a@b> said")
    // when the decoder read none
    command: r.command ?? findCommand(r.diagnostic),
    diagnosticType: r.diagnosticType ?? null,
    hint: r.reason ?? null,
  };
}

/** The alias a decoder found, or the one a Postfix-style line names: "<a@b> (expanded from <c@d>)". */
function aliasOf(r: DecodedRecipient): string | null {
  const alias = r.alias ?? cleanAddress(/\(expanded from:?\s*(<[^>\s]+>|[^\s()]+)\)/i.exec(r.diagnostic ?? '')?.[1]);
  return alias && alias.toLowerCase() !== r.address.toLowerCase() ? alias : null;
}

export function kindOf(recipients: RecipientFacts[]): ReportKind {
  if (recipients.some((r) => r.action === 'failed' || r.action === null)) return 'bounce';
  if (recipients.some((r) => r.action === 'delayed')) return 'delay';
  return 'delivery-report';
}

function originalOf(headers: HeaderList | null): OriginalMessage | null {
  if (!headers || headers.length === 0) return null;
  const one = (n: string) => {
    const v = header(headers, n);
    return v === null ? null : decodeHeaderValue(v);
  };
  return {
    messageId: one('message-id')?.trim() ?? null,
    from: one('from'),
    to: headerAll(headers, 'to').map(decodeHeaderValue).join(', ') || null,
    subject: one('subject'),
    date: one('date'),
    headers: headers.map(([n, v]) => [n, decodeHeaderValue(v)]),
  };
}
