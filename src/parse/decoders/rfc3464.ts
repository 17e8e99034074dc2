// RFC 3464 / RFC 6533 delivery status notifications: one recipient per per-recipient block.
import type { Action } from '../types.js';
import { type DsnReport, type DsnRecipient, mailbox, parseDsnFields, recipientAddress } from '../dsn-fields.js';
import { findStatus, normaliseStatus } from '../../smtp-codes/reply-text.js';
import { readReply as splitDiagnostic } from '../reply-text.js';
import { quotedReply } from '../quoted-reply.js';
import { findCommand } from '../text-tools.js';
import type { DecodeContext, Decoded, DecodedRecipient } from './types.js';

// Data: the Action values RFC 3464 defines, and those some MTAs write instead ("Action: failure",
// "Action: expired" for a message given up on, "Action: delay", "Action: deferred").
const ACTIONS: ReadonlyMap<string, Action> = new Map([
  ['failed', 'failed'], ['delayed', 'delayed'], ['delivered', 'delivered'], ['relayed', 'relayed'], ['expanded', 'expanded'],
  ['failure', 'failed'], ['fail', 'failed'], ['expired', 'failed'], ['bounced', 'failed'], ['undeliverable', 'failed'],
  ['delay', 'delayed'], ['deferred', 'delayed'], ['deferral', 'delayed'], ['warning', 'delayed'],
] as Array<[string, Action]>);

/** Delivery-status fields from the status part, or from a text part that carries them bare. */
export function findDsn(ctx: { m: { dsnText: string | null; text: string } }): DsnReport | null {
  if (ctx.m.dsnText !== null) {
    const r = parseDsnFields(ctx.m.dsnText);
    if (r.recipients.length) return r;
  }
  // some gateways put the fields in a text/plain part
  const at = ctx.m.text.search(/^(?:Final|Original)-Recipient:/im);
  if (at < 0 || !/^(?:Action|Status):/im.test(ctx.m.text)) return null;
  const start = ctx.m.text.lastIndexOf('\n\n', at);
  const r = parseDsnFields(ctx.m.text.slice(start < 0 ? 0 : start));
  return r.recipients.length ? r : null;
}

export function dsnRecipient(r: DsnRecipient): DecodedRecipient | null {
  // prefer the final recipient: the original may be a list alias or a forwarding address; a field
  // that holds no mailbox (a bare "@host", an X.400 address) gives way to the next
  const address = mailbox(r.finalRecipient) ?? mailbox(r.originalRecipient) ?? mailbox(r.actualRecipient) ?? withAt(recipientAddress(r.finalRecipient));
  if (!address) return null;
  // the address the sender used, when the report names another one as the final recipient
  const original = mailbox(r.originalRecipient);
  const alias = original && original.toLowerCase() !== address.toLowerCase() ? original : null;
  // a reporter's summary that quotes the remote server's reply ("5.1.0 - Unknown address error
  // 550-'5.7.1 ... Access denied'"): the quoted reply is the one that says what happened
  const quoted = r.diagnostic ? quotedReply(r.diagnostic.replace(/^\s*[\w-]+;\s*/, '')) : null;
  const diag = quoted ?? splitDiagnostic(r.diagnostic);
  let status = r.status ? (normaliseStatus(r.status.split(/[\s(]/)[0]) ?? findStatus(r.status)) : null;
  // the server's own code in its reply is more precise than the Status field the reporting MTA
  // derived from it (which is often a generic X.0.0 or a queue-level 4.4.7); and a recipient that
  // failed on a permanent reply failed for good, whatever class the reporting MTA gave the Status
  const act = r.action ? (ACTIONS.get(r.action) ?? null) : null;
  const permanent = act === 'failed' && status?.startsWith('4') && diag.status?.startsWith('5') && diag.smtpCode !== null && diag.smtpCode >= 500;
  if (diag.status && (!status || diag.status[0] === status[0] || status.endsWith('.0.0') || permanent)) status = diag.status;
  const action: Action | null = act ?? (status?.startsWith('4') ? 'delayed' : status?.startsWith('2') ? 'delivered' : 'failed');
  return {
    address,
    alias,
    action,
    status,
    smtpCode: diag.smtpCode,
    diagnostic: diag.text || null,
    // delivery to a program ("|/usr/bin/procmail") failed: a mailer error, whatever the status says
    diagnosticType: /^(?:[\w-]+;\s*)?["']?\|/.test(r.actualRecipient ?? '') ? 'x-unix' : r.diagnosticType,
    remoteMta: r.remoteMta,
    command: findCommand(r.diagnostic),
  };
}

/** A value that is no well-formed mailbox but still names someone at a host ("user@host" without a
 * dot, a quoted odd local part) is kept as written; "@host" alone and a file name are not. */
function withAt(a: string | null): string | null {
  return a && /^[^@\s]+@[^@\s]+$/.test(a) ? a : null;
}

export function decodeDsn(dsn: DsnReport): Decoded {
  const recipients = dsn.recipients.map(dsnRecipient).filter((r): r is DecodedRecipient => r !== null);
  return { recipients, reportingMta: dsn.reportingMta, arrivalDate: dsn.arrivalDate };
}

export const rfc3464 = {
  name: 'rfc3464',
  detect: (ctx: DecodeContext) => ctx.dsn !== null,
  decode: (ctx: DecodeContext) => (ctx.dsn ? decodeDsn(ctx.dsn) : null),
};
