// Sendmail V5 (and other pre-DSN Sendmails): no list of failed addresses, only the transcript,
// where the MTA's verdict for each recipient is "554 <a@b>... 550 Host unknown" (its own code, then
// the server's reply) and the session lines before it ("<<< 550 ...") say what the server answered.
import { cutReport, inlineHeaders } from '../text-format.js';
import { allOf, textMatches } from '../detect.js';
import { ORIGINAL_MARKERS } from '../markers.js';
import { angleAddress, cleanAddress } from '../../text-tools.js';
import { gaveUp } from '../last-resort/vocabulary.js';
import type { DecodeContext, Decoded, DecodedRecipient, Decoder } from '../types.js';

const TRANSCRIPT = /^\s*-{3,} Transcript of session follows -{3,}\s*$/m;

export const v5sendmail: Decoder = {
  name: 'v5sendmail',
  detect: allOf(
    (ctx) => ctx.dsn === null,
    textMatches(/Transcript of session follows/),
    (ctx) => !/The following addresses? (?:had|has) /.test(ctx.m.text.slice(0, 8192)),
    textMatches(/^\d{3} <?[^\s<>@]+@[^\s<>@]+?>?\.\.\. /m),
  ),
  decode(ctx: DecodeContext): Decoded | null {
    const { report, original } = cutReport(ctx.m.text, [TRANSCRIPT], ORIGINAL_MARKERS);
    const recipients: DecodedRecipient[] = [];
    let host: string | null = null;
    let command: string | null = null;
    let reply: { command: string | null; text: string; address: string | null } | null = null;
    let stopped: boolean | undefined;
    for (const line of report.split('\n')) {
      const talk = /^\.{0,3}\s*While talking to ([^\s:]+?)\.?:\s*$/i.exec(line);
      if (talk) {
        host = talk[1].toLowerCase();
        command = null;
        reply = null;
        continue;
      }
      const sent = /^>>> ?([A-Za-z]+)/.exec(line);
      if (sent) {
        command = sent[1].toUpperCase();
        continue;
      }
      const answer = /^<<< ?([45]\d\d\b.*)$/.exec(line);
      if (answer) {
        reply = { command, text: answer[1].trim(), address: cleanAddress(angleAddress(answer[1])) };
        continue;
      }
      const verdict = /^([45]\d\d) <?([^\s<>@]+@[^\s<>@]+?)>?\.\.\. (.*)$/.exec(line);
      if (!verdict) continue;
      const address = cleanAddress(verdict[2]);
      if (!address || recipients.some((r) => r.address.toLowerCase() === address.toLowerCase())) continue;
      const said = verdict[3].trim();
      // the server's own reply: in the verdict ("... 550 Host unknown"), or the session's last answer
      const session = reply && (reply.address === null || reply.address.toLowerCase() === address.toLowerCase()) ? reply : null;
      const diagnostic = /^[45]\d\d\b/.test(said) ? said : session ? session.text : `${verdict[1]} ${said}`;
      recipients.push({
        address,
        // a 4xx verdict is a delay, unless the report says it stopped trying ("could not be delivered for 5 days")
        action: verdict[1].startsWith('4') && !(stopped ??= gaveUp(report, ctx.m.subject)) ? 'delayed' : 'failed',
        diagnostic,
        remoteMta: host,
        command: session && diagnostic === session.text ? session.command : null,
      });
    }
    if (recipients.length === 0) return null;
    return { recipients, originalHeaders: inlineHeaders(original) };
  },
};
