// The last resort for reports of MTAs that no decoder knows: a message that looks like a bounce
// (from a mailer daemon, or a bounce-like subject) whose text names addresses near error words.
// The sender of the returned message and the daemon itself are never taken as recipients.
import { cutReport, inlineHeaders } from '../text-format.js';
import { fromDaemon, subjectMatches } from '../detect.js';
import { ORIGINAL_MARKERS } from '../markers.js';
import { findAddresses, findCommand, findRemoteHost, oneLine } from '../../text-tools.js';
import { findReplyCode, findStatus } from '../../../smtp-codes/reply-text.js';
import { header } from '../../mime.js';
import { recoverAddresses } from '../../recover.js';
import type { DecodeContext, Decoded, DecodedRecipient, Decoder } from '../types.js';
import { isChallenge, isListMail, isLure, isPersonalReply } from '../not-report.js';

// Data: subjects that reports use, in several languages.
export const BOUNCE_SUBJECTS =
  /undeliver|undelivered|returned mail|failure notice|delivery (?:status notification|failure|failed|problem|report|notification)|mail delivery (?:failed|failure|system)|non[- ]?delivery|could not be delivered|delivery has failed|not delivered|nondeliverable|mail system error|rejected|returned to sender|warning: could not send|unzustellbar|nicht zustellbar|non remis|non distribuable|impossible de distribuer|no se puede entregar|devuelto|non recapitabile|niet bezorgd|onbestelbaar|配信|エラー|不能|退信|退回|failure delivery|delivery error|error sending|mail error|bounce/i;

const ERROR_WORDS = /\b(?:[45]\d\d|[45]\.\d{1,3}\.\d{1,3})\b|did not reach|unknown|not found|does not exist|doesn't exist|rejected|refused|failed|full|quota|denied|invalid|disabled|suspended|unavailable|no such|error|blocked|timed? ?out|expired|could not|couldn't|unable/i;
// a server's reply code or an enhanced status code
const QUOTES_CODE = /(?:^|[\s(\[:;#])(?:[45]\d\d[ -]|[45]\.\d{1,3}\.\d{1,3}\b)/m;
const SYSTEM_ADDRESS = /^(?:mailer-daemon|postmaster|noreply|no-reply|mail-daemon|daemon|root|abuse)@/i;

export const generic: Decoder = {
  name: 'generic',
  detect: (ctx) =>
    (fromDaemon(ctx) || subjectMatches(BOUNCE_SUBJECTS)(ctx)) && !isPersonalReply(ctx) && !(isListMail(ctx) && !fromDaemon(ctx)),
  decode(ctx: DecodeContext): Decoded | null {
    if (!looksLikeReport(ctx)) return null;
    const found = scan(ctx);
    if (found.recipients.length) return found;
    if (!ERROR_WORDS.test(found.report)) return null;
    const text = oneLine(found.report).slice(0, 2000);
    const recipients = recoverAddresses(ctx.m, found.originalHeaders ?? null).map((address) => about(address, text));
    return recipients.length ? { recipients, originalHeaders: found.originalHeaders } : null;
  },
};

/** Not a request to confirm, not a lure; and mail that calls itself an automatic reply (RFC 3834
 * `Auto-Submitted: auto-replied`) is taken as a report only when it quotes a server's code. */
function looksLikeReport(ctx: DecodeContext): boolean {
  if (isChallenge(ctx) || isLure(ctx)) return false;
  if (/^\s*auto-replied/i.test(header(ctx.m.headers, 'auto-submitted') ?? '') && !QUOTES_CODE.test(ctx.m.text.slice(0, 8192))) return false;
  return true;
}

/** The addresses the report's words name near words of failure (none in what is no report). */
export function namedInText(ctx: DecodeContext): Decoded & { report: string } {
  return scan(ctx, !looksLikeReport(ctx));
}

function scan(ctx: DecodeContext, quiet = false): Decoded & { report: string } {
  const { m } = ctx;
  const { report, original } = cutReport(m.text, undefined, ORIGINAL_MARKERS);
  const originalHeaders = m.originalHeaders ?? inlineHeaders(original);
  const excluded = new Set(
    [header(m.headers, 'to'), header(m.headers, 'from'), header(m.headers, 'reply-to'), header(originalHeaders ?? [], 'from'), ...sendersIn(report)]
      .flatMap((v) => (v ? findAddresses(v) : []))
      .map((a) => a.toLowerCase()),
  );
  const paragraphs = report.split(/\n[ \t]*\n/).slice(0, 200);
  const recipients: DecodedRecipient[] = [];
  if (!quiet) {
    for (const [i, p] of paragraphs.entries()) {
      for (const address of findAddresses(p)) {
        const low = address.toLowerCase();
        if (excluded.has(low) || SYSTEM_ADDRESS.test(address) || recipients.some((r) => r.address.toLowerCase() === low)) continue;
        // the words about an address are in its paragraph, or in the next one
        const near = ERROR_WORDS.test(p) ? p : paragraphs[i + 1] && ERROR_WORDS.test(paragraphs[i + 1]) ? `${p}\n${paragraphs[i + 1]}` : null;
        if (!near) continue;
        recipients.push(about(address, near));
      }
    }
  }
  return { recipients, originalHeaders, report };
}

/** The sender a session transcript shows: `MAIL FROM:<a@b>`, and the message's `From:` line. */
function sendersIn(report: string): string[] {
  return [...report.matchAll(/\bMAIL FROM:\s*(<[^>\n]*>)|(?:^|[\s*])From:[ \t]*([^\n]+)/gim)].map((m) => m[1] ?? m[2]!);
}

/** A line with a failure's reply: a 4xx/5xx code or a 4.x.x/5.x.x status. */
function isFailure(line: string): boolean {
  const code = findReplyCode(line);
  const status = findStatus(line);
  return (code !== null && code >= 400) || (status !== null && status[0] !== '2');
}

/** What the text says of the address: its failure's line (the one naming it, if one does). */
function about(address: string, text: string) {
  const lines = text.split('\n');
  const low = address.toLowerCase();
  const failures = lines.filter(isFailure);
  const codeLine =
    failures.find((l) => l.toLowerCase().includes(low)) ??
    failures[0] ??
    lines.find((l) => findReplyCode(l) !== null || findStatus(l) !== null);
  return {
    address,
    // a transcript's line: the reply after its arrow ("... <-- 550 ...", "<<< 550 ...")
    diagnostic: oneLine((codeLine ?? text).replace(/^.*?(?:<--|<<<)\s*/, '')).slice(0, 2000),
    remoteMta: findRemoteHost(text),
    command: (codeLine ? commandBefore(lines, lines.indexOf(codeLine)) : null) ?? findCommand(text),
  };
}

/** In a session transcript, the command sent last before the reply at `at` ("--> RCPT To:<...>"). */
function commandBefore(lines: string[], at: number): string | null {
  for (let i = at - 1; i >= 0 && i >= at - 20; i--) {
    const sent = /(?:-->|>>>)\s*(.*)$/.exec(lines[i]!);
    if (sent) return findCommand(`>>> ${sent[1]!.trim()}`); // as sendmail's transcripts write it
  }
  return null;
}
