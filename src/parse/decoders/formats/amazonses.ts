// Amazon SES. Three shapes:
//  - bounce DSNs from MAILER-DAEMON@*.amazonses.com. The status fields are SES's own; the remote
//    server's reply is quoted inside them: "554 4.4.7 Message expired: unable to deliver in 840
//    minutes.<421 4.4.2 Connection timed out>", "5.1.0 - Unknown address error 550-'5.7.1 ... Access
//    denied'". The quoted reply is the one that says what happened.
//  - JSON notifications (SNS topics, or mailed directly): notificationType or eventType Bounce
//    (bounceType Permanent/Transient, bouncedRecipients[]), Complaint (complainedRecipients[]),
//    Delivery (delivery.recipients[]), DeliveryDelay (delayedRecipients[]) and Reject (a virus).
//  - SES receiving (inbound-smtp.*.amazonaws.com) refusing mail for a domain it receives for.
import type { Action, FeedbackReport, Reason } from '../../types.js';
import type { HeaderList } from '../../mime.js';
import { anyOf, fromMatches, hasHeader, textMatches } from '../detect.js';
import { dsnRecipient } from '../rfc3464.js';
import { quotedReply } from '../../quoted-reply.js';
import { cleanAddress, oneLine } from '../../text-tools.js';
import type { DecodeContext, Decoded, DecodedRecipient, Decoder } from '../types.js';

// SES's own words around the reply it quotes
const SES_REASONS: Array<[RegExp, Reason]> = [[/\bMessage expired: unable to deliver in \d+ minutes/i, 'expired']];

/** Recipients from the delivery-status fields, each with the reply SES quoted when there is one. */
export function sesDsnRecipients(ctx: DecodeContext): DecodedRecipient[] {
  const out: DecodedRecipient[] = [];
  for (const f of ctx.dsn?.recipients ?? []) {
    const r = dsnRecipient(f);
    if (!r) continue;
    const raw = f.diagnostic ?? '';
    // dsnRecipient took the quoted reply's text and codes already; SES's own Status field never
    // outranks the quoted status, whatever its class
    const quoted = quotedReply(raw.replace(/^\s*[\w-]+;\s*/, ''))?.status;
    if (quoted) r.status = quoted;
    r.reason = SES_REASONS.find(([re]) => re.test(raw))?.[1] ?? null;
    out.push(r);
  }
  return out;
}

// ---------------------------------------------------------------- JSON notifications

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The JSON object in the text; long lines folded by a relay ("!\n ") are joined again. */
function findJson(text: string): Json | null {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  const raw = text.slice(start, end + 1);
  for (const candidate of [raw, raw.replace(/!\n /g, ''), raw.replace(/!?\n[ \t]/g, '')]) {
    try {
      return obj(JSON.parse(candidate));
    } catch {
      // try the next way of reading it
    }
  }
  return null;
}

/** SES bounce sub-types that name the reason themselves */
const SUBTYPES: Record<string, Reason> = {
  noemail: 'userunknown',
  suppressed: 'suppressed',
  onaccountsuppressionlist: 'suppressed',
  mailboxfull: 'mailboxfull',
  messagetoolarge: 'emailtoolarge',
};

function sesNotification(text: string): Decoded | null {
  let n = findJson(text);
  // an SNS envelope carries the notification as a string
  const inner = n && str(n.Message);
  if (inner) n = findJson(inner) ?? n;
  if (!n) return null;
  const type = (str(n.notificationType) ?? str(n.eventType) ?? '').toLowerCase();
  const mail = obj(n.mail);
  const originalHeaders: HeaderList = arr(mail?.headers)
    .map(obj)
    .filter((h): h is Json => !!h && !!str(h.name))
    .map((h) => [String(h.name).toLowerCase(), str(h.value) ?? '']);
  const base = { originalHeaders: originalHeaders.length ? originalHeaders : null, complete: true };

  if (type === 'bounce') {
    const b = obj(n.bounce) ?? {};
    const transient = /^transient$/i.test(str(b.bounceType) ?? '');
    const subtype = SUBTYPES[(str(b.bounceSubType) ?? '').toLowerCase()] ?? null;
    const recipients: DecodedRecipient[] = [];
    for (const r of arr(b.bouncedRecipients).map(obj)) {
      const address = cleanAddress(str(r?.emailAddress));
      if (!r || !address) continue;
      const diagnostic = str(r.diagnosticCode)?.replace(/^\s*[\w-]+;\s*/, '') ?? null;
      const q = diagnostic ? quotedReply(diagnostic) : null;
      const action = str(r.action)?.toLowerCase();
      recipients.push({
        address,
        action: action === 'delayed' || (transient && !action) ? 'delayed' : 'failed',
        status: q?.status ?? str(r.status),
        smtpCode: q?.smtpCode ?? null,
        diagnostic: q?.text ?? diagnostic,
        remoteMta: str(b.remoteMtaIp),
        reason: subtype,
      });
    }
    return { ...base, recipients, reportingMta: str(b.reportingMTA)?.replace(/^\s*\w+;\s*/, '') ?? null, arrivalDate: str(b.timestamp) };
  }
  if (type === 'complaint') {
    const c = obj(n.complaint) ?? {};
    const addresses = arr(c.complainedRecipients)
      .map((r) => cleanAddress(str(obj(r)?.emailAddress)))
      .filter((a): a is string => !!a);
    const feedback: FeedbackReport = {
      feedbackType: str(c.complaintFeedbackType)?.toLowerCase() ?? null,
      userAgent: str(c.userAgent),
      originalMailFrom: cleanAddress(str(mail?.source)),
      originalRcptTo: addresses,
      removalRecipient: [],
      sourceIp: str(mail?.sourceIp),
      arrivalDate: str(c.arrivalDate) ?? str(c.timestamp),
      reportedDomain: null,
      authFailure: null,
    };
    const recipients = addresses.map((address) => ({ address, action: null, reason: 'feedback' as const, diagnostic: feedback.feedbackType }));
    return { ...base, recipients, kind: 'complaint', feedback, arrivalDate: feedback.arrivalDate };
  }
  if (type === 'deliverydelay') {
    // SES is still trying: delayedRecipients[] with the last reply
    const d = obj(n.deliveryDelay) ?? {};
    const recipients: DecodedRecipient[] = [];
    for (const r of arr(d.delayedRecipients).map(obj)) {
      const address = cleanAddress(str(r?.emailAddress));
      if (!r || !address) continue;
      const diagnostic = str(r.diagnosticCode)?.replace(/^\s*[\w-]+;\s*/, '') ?? null;
      recipients.push({ address, action: 'delayed', status: str(r.status), diagnostic, remoteMta: str(d.reportingMTA) });
    }
    return { ...base, recipients, kind: 'delay', arrivalDate: str(d.timestamp) };
  }
  if (type === 'reject') {
    // SES refused to send the message at all; the only documented cause is a virus in it
    const why = str(obj(n.reject)?.reason);
    const recipients = arr(mail?.destination)
      .map((a) => cleanAddress(str(a)))
      .filter((a): a is string => !!a)
      .map((address) => ({ address, diagnostic: why, reason: /virus/i.test(why ?? '') ? ('virusdetected' as const) : null }));
    return { ...base, recipients };
  }
  if (type === 'delivery') {
    const d = obj(n.delivery) ?? {};
    const response = str(d.smtpResponse);
    const recipients = arr(d.recipients)
      .map((a) => cleanAddress(str(a)))
      .filter((a): a is string => !!a)
      .map((address) => ({ address, action: 'delivered' as Action, diagnostic: response }));
    return { ...base, recipients, kind: 'delivery-report', reportingMta: str(d.reportingMTA), arrivalDate: str(d.timestamp) };
  }
  return null;
}

// ---------------------------------------------------------------- decoders

const JSON_NOTIFICATION = /\\?"(?:notificationType|eventType)\\?"\s*:\s*\\?"(?:Bounce|Complaint|Delivery|DeliveryDelay|Reject)\\?"/;

export const amazonses: Decoder = {
  name: 'amazonses',
  detect: anyOf(
    fromMatches(/@(?:[\w-]+\.)*amazonses\.com\b|@sns\.amazonaws\.com\b/i),
    hasHeader('x-amz-sns-message-id'),
    textMatches(JSON_NOTIFICATION),
  ),
  decode(ctx: DecodeContext): Decoded | null {
    if (JSON_NOTIFICATION.test(ctx.m.text.slice(0, 8192))) {
      const n = sesNotification(ctx.m.text);
      if (n && n.recipients.length) return n;
    }
    if (ctx.dsn) {
      const recipients = sesDsnRecipients(ctx);
      return { recipients, reportingMta: ctx.dsn.reportingMta, arrivalDate: ctx.dsn.arrivalDate, complete: true };
    }
    // the oldest reports have no status part: "The following message to <rcpt> was undeliverable.
    // The reason for the problem: 5.1.0 - Unknown address error 550-'...'"
    const m = /The following message to <([^<>\s@]+@[^<>\s@]+)> was undeliverable\.\s*(?:The reason for the problem:\s*)?([\s\S]*?)(?:\n[ \t]*\n|$)/.exec(ctx.m.text);
    const address = m ? cleanAddress(m[1]) : null;
    if (!m || !address) return null;
    const q = quotedReply(m[2]);
    return { recipients: [{ address, diagnostic: q?.text ?? oneLine(m[2]), smtpCode: q?.smtpCode ?? null, status: q?.status ?? null }] };
  },
};

/** SES receiving: the refusal of a domain that receives its mail through SES. */
export const receivingses: Decoder = {
  name: 'receivingses',
  detect: (ctx) => /inbound-smtp\.[\w-]+\.amazonaws\.com/i.test(ctx.dsn?.reportingMta ?? ''),
  decode(ctx: DecodeContext): Decoded | null {
    if (!ctx.dsn) return null;
    return { recipients: sesDsnRecipients(ctx), reportingMta: ctx.dsn.reportingMta, arrivalDate: ctx.dsn.arrivalDate, complete: true };
  },
};
