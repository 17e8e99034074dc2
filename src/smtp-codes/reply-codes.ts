/** SMTP reply codes (RFC 5321 §4.2, RFC 7504, RFC 4954). Pure data, no I/O. */
import type { Reason } from '../vocabulary/reasons.js';

export type ReplyClass = 'success' | 'intermediate' | 'transient' | 'permanent';

export interface ReplyCodeEntry {
  meaning: string;
  note: string;
  rfc: string;
  /** set only where the reply code alone says why (most codes need the text) */
  reason?: Reason;
}

export interface ReplyCodeInfo extends ReplyCodeEntry {
  code: number;
  class: ReplyClass;
  /** false when the code is well-formed but not registered: meaning comes from its class */
  known: boolean;
}

export const REPLY_CODES: Readonly<Record<number, ReplyCodeEntry>> = {
  211: { meaning: 'System status, or system help reply', note: 'Answer to HELP/status queries; never seen in a bounce.', rfc: 'RFC 5321' },
  214: { meaning: 'Help message', note: 'Human-oriented help text for the HELP command.', rfc: 'RFC 5321' },
  220: { meaning: 'Service ready', note: 'Greeting banner on connect (and the reply to STARTTLS).', rfc: 'RFC 5321' },
  221: { meaning: 'Service closing transmission channel', note: 'Normal answer to QUIT.', rfc: 'RFC 5321' },
  250: { meaning: 'Requested mail action okay, completed', note: 'Accepted; after DATA it means the server took responsibility for the message.', rfc: 'RFC 5321' },
  251: { meaning: 'User not local; will forward', note: 'Accepted and forwarded elsewhere; the address still works.', rfc: 'RFC 5321' },
  252: { meaning: 'Cannot VRFY user, but will accept message and attempt delivery', note: 'VRFY is disabled; says nothing about whether the mailbox exists.', rfc: 'RFC 5321' },
  354: { meaning: 'Start mail input; end with <CRLF>.<CRLF>', note: 'Intermediate reply to DATA; the message body follows.', rfc: 'RFC 5321' },
  421: { meaning: 'Service not available, closing transmission channel', note: 'Server busy, shutting down or rate-limiting the connection; retry later.', rfc: 'RFC 5321' },
  432: { meaning: 'A password transition is needed', note: 'SMTP AUTH: the account must change its password (submission only).', rfc: 'RFC 4954' },
  450: { meaning: 'Requested mail action not taken: mailbox unavailable', note: 'Mailbox busy or temporarily blocked; also used for greylisting.', rfc: 'RFC 5321' },
  451: { meaning: 'Requested action aborted: local error in processing', note: 'Temporary server-side failure; also common for greylisting and DNS lookups that timed out.', rfc: 'RFC 5321' },
  452: { meaning: 'Requested action not taken: insufficient system storage', note: 'Disk full on the server, or too many recipients in this transaction.', rfc: 'RFC 5321' },
  454: { meaning: 'Temporary authentication failure', note: 'SMTP AUTH backend unavailable; also sent when TLS is not available.', rfc: 'RFC 4954' },
  455: { meaning: 'Server unable to accommodate parameters', note: 'MAIL FROM/RCPT TO parameters cannot be honoured right now.', rfc: 'RFC 5321' },
  500: { meaning: 'Syntax error, command unrecognized', note: 'Includes command lines that are too long.', rfc: 'RFC 5321', reason: 'syntaxerror' },
  501: { meaning: 'Syntax error in parameters or arguments', note: 'Often a malformed address in MAIL FROM or RCPT TO.', rfc: 'RFC 5321', reason: 'syntaxerror' },
  502: { meaning: 'Command not implemented', note: 'The server does not support this command.', rfc: 'RFC 5321', reason: 'syntaxerror' },
  503: { meaning: 'Bad sequence of commands', note: 'Commands out of order, e.g. RCPT before MAIL, or AUTH required first.', rfc: 'RFC 5321', reason: 'syntaxerror' },
  504: { meaning: 'Command parameter not implemented', note: 'The command is known but this parameter is not.', rfc: 'RFC 5321', reason: 'syntaxerror' },
  521: { meaning: 'Host does not accept mail', note: 'The server never accepts mail (RFC 7504); do not retry.', rfc: 'RFC 7504', reason: 'notaccept' },
  530: { meaning: 'Authentication required', note: 'SMTP AUTH is required before sending (submission only).', rfc: 'RFC 4954', reason: 'securityerror' },
  534: { meaning: 'Authentication mechanism is too weak', note: 'SMTP AUTH: use a stronger mechanism.', rfc: 'RFC 4954', reason: 'securityerror' },
  535: { meaning: 'Authentication credentials invalid', note: 'SMTP AUTH: wrong username or password.', rfc: 'RFC 4954', reason: 'securityerror' },
  538: { meaning: 'Encryption required for requested authentication mechanism', note: 'SMTP AUTH: start TLS before authenticating.', rfc: 'RFC 4954', reason: 'securityerror' },
  550: { meaning: 'Requested action not taken: mailbox unavailable', note: 'The generic permanent rejection: unknown user, policy, spam or access denied. The text decides.', rfc: 'RFC 5321' },
  // 551 asks the client to use another address: the old one is gone for this sender
  551: { meaning: 'User not local; please try <forward-path>', note: 'The mailbox moved; the server may name the new address.', rfc: 'RFC 5321', reason: 'hasmoved' },
  552: { meaning: 'Requested mail action aborted: exceeded storage allocation', note: 'Mailbox full or message too big; the text (or enhanced code) decides.', rfc: 'RFC 5321' },
  553: { meaning: 'Requested action not taken: mailbox name not allowed', note: 'Bad address syntax, or the sender address is refused by policy.', rfc: 'RFC 5321' },
  554: { meaning: 'Transaction failed (or, on connect, no SMTP service here)', note: 'Generic permanent failure; most often a spam, reputation or blocklist rejection.', rfc: 'RFC 5321' },
  555: { meaning: 'MAIL FROM/RCPT TO parameters not recognized or not implemented', note: 'An ESMTP parameter the server does not support.', rfc: 'RFC 5321', reason: 'syntaxerror' },
  556: { meaning: 'Domain does not accept mail', note: 'The recipient domain accepts no mail, e.g. null MX (RFC 7504/7505); do not retry.', rfc: 'RFC 7504', reason: 'notaccept' },
};

const CLASS_BY_DIGIT: Readonly<Record<string, ReplyClass>> = {
  '2': 'success', '3': 'intermediate', '4': 'transient', '5': 'permanent',
};

const CLASS_MEANING: Readonly<Record<ReplyClass, string>> = {
  success: 'Positive completion: the action succeeded',
  intermediate: 'Positive intermediate: more input is expected',
  transient: 'Transient negative completion: temporary failure, try again later',
  permanent: 'Permanent negative completion: do not repeat the same request unchanged',
};

/**
 * Looks up an SMTP reply code. Well-formed but unregistered codes (RFC 5321 grammar:
 * first digit 2-5, second 0-5, third 0-9) get a class-level entry; anything else is null.
 */
export function replyCodeInfo(code: number): ReplyCodeInfo | null {
  if (!Number.isInteger(code) || code < 200 || code > 559) return null;
  const digits = String(code);
  if (Number(digits[1]) > 5) return null;
  const cls = CLASS_BY_DIGIT[digits[0]!]!;
  const entry = REPLY_CODES[code];
  if (entry) return { code, class: cls, known: true, ...entry };
  return {
    code, class: cls, known: false,
    meaning: CLASS_MEANING[cls],
    note: `Unregistered ${digits[0]}xx code: only its class is meaningful.`,
    rfc: 'RFC 5321',
  };
}
