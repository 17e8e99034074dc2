// Sendmail: "----- The following addresses had permanent fatal errors -----" with "(reason: ...)"
// lines, and a session transcript that names the host and the command that failed.
import { cutRecipients, cutReport, inlineHeaders } from '../text-format.js';
import { anyOf, subjectMatches, textMatches } from '../detect.js';
import { readTranscript } from '../transcript.js';
import { decodeDsn } from '../rfc3464.js';
import { ORIGINAL_MARKERS } from '../markers.js';
import { oneLine } from '../../text-tools.js';
import type { Reason } from '../../types.js';
import type { DecodeContext, Decoded, DecodedRecipient, Decoder } from '../types.js';

// Sendmail's own sentences (not the remote server's) that name the reason
const SENDMAIL_REASONS: Array<[RegExp, Reason]> = [
  // a delivery agent (a local program, procmail, a mailer) exited with an error status
  [/\bunknown mailer error \d+/i, 'mailererror'],
];

// Sendmail's verdict when the queue lifetime ran out: every deferral before it was temporary
const QUEUE_TIMEOUT = /\bMessage could not be delivered for \d+(?:\.\d+)? (?:days?|hours?|minutes?)|\bCannot send message for \d+(?:\.\d+)? (?:days?|hours?)/i;

export const sendmail: Decoder = {
  name: 'sendmail',
  detect: anyOf(
    textMatches(/^\s*-{3,} The following addresses? (?:had|has) (?:permanent fatal errors|transient non-fatal errors)|^\s*-{3,} Transcript of session follows/m),
    subjectMatches(/^(?:Returned mail: |Warning: could not send message for past )/),
  ),
  decode(ctx: DecodeContext): Decoded | null {
    const { report, original } = cutReport(ctx.m.text, undefined, ORIGINAL_MARKERS);
    const [errors, transcriptText = ''] = report.split(/^\s*-{3,} Transcript of session follows -+\s*$/m);
    const section = errors.split(/^\s*-{3,} The following addresses? (?:had|has) [^\n]*$/m).slice(1).join('\n');
    let blocks = cutRecipients(section, {
      recipient: [/^\s*<([^>\s@]+@[^>\s@]+)>\s*(?<rest>\S.*)?$/, /^\s*([^\s<>()@]+@[^\s<>()@]+)\s*$/],
      blankEnds: true,
    });
    // the list names a program or file only: the status fields know the address
    if (blocks.length === 0 && ctx.dsn?.recipients.length) {
      blocks = decodeDsn(ctx.dsn).recipients.map((r) => ({ address: r.address, lines: [] }));
    }
    const failures = readTranscript(transcriptText);
    const delayed = /transient non-fatal errors|Warning: could not send message|will keep trying|Will keep trying/i.test(report);
    const recipients: DecodedRecipient[] = blocks.map((b) => {
      const reason = /\(reason: ([^)]*(?:\)[^)\n]*)*)\)/i.exec(b.lines.join(' '));
      const f =
        failures.find((x) => x.address?.toLowerCase() === b.address.toLowerCase()) ??
        (blocks.length === 1 && failures.length ? failures[failures.length - 1] : undefined);
      const diagnostic = f?.reply ?? (reason ? oneLine(reason[1]) : oneLine(b.lines) || null);
      return {
        address: b.address,
        action: delayed ? 'delayed' : 'failed',
        status: verdictStatus(transcriptText, b.address),
        diagnostic,
        remoteMta: f?.host ?? null,
        command: f?.command ?? null,
        reason:
          SENDMAIL_REASONS.find(([re]) => re.test(diagnostic ?? ''))?.[1] ??
          // a deferral that says no more than that ("Deferred: Connection refused"), until the queue
          // lifetime ran out; a remote reply that tells a cause keeps it
          (QUEUE_TIMEOUT.test(report) && /^[^:]*\bDeferred(?::\s*(?:Connection (?:refused|timed out|reset)|[^:]*timed out)[^:]*)?$/i.test(diagnostic ?? '') ? 'expired' : null),
      };
    });
    if (recipients.length === 0) {
      // a transcript without the address list: one failure per named address
      for (const f of failures) {
        if (f.address && !recipients.some((r) => r.address === f.address)) {
          recipients.push({ address: f.address, diagnostic: f.reply, remoteMta: f.host, command: f.command });
        }
      }
    }
    return { recipients, originalHeaders: inlineHeaders(original) };
  },
};

/**
 * Sendmail ends a failure with its own verdict on the address, "550 5.1.1 <a@b>... User unknown":
 * the enhanced status its DSN would carry.
 */
function verdictStatus(transcript: string, address: string): string | null {
  const a = address.toLowerCase();
  for (const m of transcript.matchAll(/^[45]\d\d[ -]([45]\.\d{1,3}\.\d{1,3}) <?([^\s<>]+?)>?\.\.\. /gm)) {
    if (m[2]!.toLowerCase() === a) return m[1]!;
  }
  return null;
}
