// RFC 3464 / RFC 6533 delivery status notifications: one recipient per per-recipient block.
import type { Action } from '../types.js';
import { type DsnReport, type DsnRecipient, parseDsnFields, recipientAddress } from '../dsn-fields.js';
import { findStatus, normaliseStatus, splitDiagnostic } from '../../smtp-codes/reply-text.js';
import { findCommand } from '../text-tools.js';
import type { DecodeContext, Decoded, DecodedRecipient } from './types.js';

const ACTIONS = new Set(['failed', 'delayed', 'delivered', 'relayed', 'expanded']);

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
  // prefer the final recipient: the original may be a list alias or a forwarding address
  const address =
    recipientAddress(r.finalRecipient) ?? recipientAddress(r.originalRecipient) ?? recipientAddress(r.actualRecipient);
  if (!address || !address.includes('@')) return null;
  const diag = splitDiagnostic(r.diagnostic);
  let status = r.status ? (normaliseStatus(r.status.split(/[\s(]/)[0]) ?? findStatus(r.status)) : null;
  // the server's own code in its reply is more precise than the Status field the reporting MTA
  // derived from it (which is often a generic X.0.0 or a queue-level 4.4.7); and a recipient that
  // failed on a permanent reply failed for good, whatever class the reporting MTA gave the Status
  const permanent = r.action === 'failed' && status?.startsWith('4') && diag.status?.startsWith('5') && diag.smtpCode !== null && diag.smtpCode >= 500;
  if (diag.status && (!status || diag.status[0] === status[0] || status.endsWith('.0.0') || permanent)) status = diag.status;
  const act = r.action && ACTIONS.has(r.action) ? (r.action as Action) : null;
  const action: Action | null = act ?? (status?.startsWith('4') ? 'delayed' : status?.startsWith('2') ? 'delivered' : 'failed');
  return {
    address,
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

export function decodeDsn(dsn: DsnReport): Decoded {
  const recipients = dsn.recipients.map(dsnRecipient).filter((r): r is DecodedRecipient => r !== null);
  return { recipients, reportingMta: dsn.reportingMta, arrivalDate: dsn.arrivalDate };
}

export const rfc3464 = {
  name: 'rfc3464',
  detect: (ctx: DecodeContext) => ctx.dsn !== null,
  decode: (ctx: DecodeContext) => (ctx.dsn ? decodeDsn(ctx.dsn) : null),
};
