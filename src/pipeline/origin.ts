// Whom a message may get suppressed (pure). With signed return paths configured, a bounce counts
// only for the recipient its return path was signed for: anyone who has received our mail holds
// one valid return path, and must not be able to suppress other addresses with a made-up report
// sent to it. Mail that came to a role address (postmaster@, a feedback-loop address) without a
// signed return path counts only when the report carries one of ours: the returned message's
// Return-Path, or a complaint's Original-Mail-From.
import { normalizeAddress } from '../address.js';
import type { BounceReport } from '../parse/types.js';
import { findAddresses } from '../parse/text-tools.js';
import { readReturnPath } from '../return-path/return-path.js';
import type { MessageOrigin } from '../store/schema.js';
import type { ReturnPathKeys } from '../return-path/keys.js';
import type { RecordFields } from './records.js';

export interface OriginFacts {
  origin: MessageOrigin | null;
  /** the recipient decoded from the signed return path the message came to */
  return_path_recipient: string | null;
  /** when the message arrived: a token is judged as it was then */
  received_at: string;
}

/** null: anyone the report names; otherwise only these (normalised) addresses. */
export function suppressibleRecipients(message: OriginFacts, report: BounceReport | null, keys: ReturnPathKeys | null): Set<string> | null {
  if (message.origin === null) return null;
  if (message.origin === 'signed') return only(message.return_path_recipient);
  // unsigned: only what the report proves, and nothing without the keys to check it
  if (!keys || !report) return new Set();
  const r = firstReturnPath(returnPathsIn(report), keys, new Date(message.received_at), true);
  return r ? only(r.recipient) : new Set();
}

/** Where a delivered message says it was addressed: the mailbox's delivery headers, then To. */
const DELIVERY_HEADERS = /^(?:delivered-to|x-original-to|envelope-to|x-envelope-to|to):[ \t]*(.*(?:\r?\n[ \t].*)*)/gim;

/**
 * The return path a message taken from a bounce mailbox came to, from the headers its delivery left
 * (its MX took mail for any local part). Without keys: the VERP recipient it decodes to, if any.
 * With keys, how the message vouches for itself: a valid signed one makes it `signed`, for that
 * recipient; none makes it `unsigned`.
 */
export function originOfDelivered(
  raw: Uint8Array,
  keys: ReturnPathKeys,
  at: Date,
): { origin: MessageOrigin | null; returnPathRecipient: string | null } {
  const keyed = Object.keys(keys.secrets).length > 0;
  const head = Buffer.from(raw.subarray(0, 64 * 1024)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const headers = [...(end >= 0 ? head.slice(0, end) : head).matchAll(DELIVERY_HEADERS)];
  const r = firstReturnPath(headers.flatMap((m) => findAddresses(m[1]!)), keys, at, keyed);
  if (r) return { origin: keyed ? 'signed' : null, returnPathRecipient: r.recipient };
  return { origin: keyed ? 'unsigned' : null, returnPathRecipient: null };
}

/** The first of these addresses that reads as one of our return paths (with `signed`, a verified one). */
function firstReturnPath(candidates: string[], keys: ReturnPathKeys, at: Date, signed: boolean): { recipient: string | null } | null {
  for (const candidate of candidates) {
    const a = normalizeAddress(candidate);
    if (!a) continue;
    const r = readReturnPath(a.local, a.domain, { secrets: keys.secrets, prefix: keys.prefix, now: at });
    if (r.ok && (r.signed || !signed)) return r;
  }
  return null;
}

/** A signed return path names a recipient or a send id; a send id vouches for the whole report. */
function only(recipient: string | null): Set<string> | null {
  if (!recipient) return null;
  const a = normalizeAddress(recipient);
  return new Set(a ? [a.address] : []);
}

/** The envelope senders a report shows for the message it is about. */
function returnPathsIn(report: BounceReport): string[] {
  const out: string[] = [];
  if (report.feedback?.originalMailFrom) out.push(report.feedback.originalMailFrom);
  for (const [name, value] of report.original?.headers ?? []) if (name === 'return-path') out.push(value);
  return out;
}

/** The records, each marked with whether the message vouches for its address. */
export function vouchFor(message: OriginFacts, report: BounceReport | null, keys: ReturnPathKeys | null, records: RecordFields[]): RecordFields[] {
  const allowed = suppressibleRecipients(message, report, keys);
  return records.map((r) => ({ ...r, vouched: !allowed || allowed.has(r.recipient) ? 1 : 0 }));
}
