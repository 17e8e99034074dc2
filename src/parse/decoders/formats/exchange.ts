// Microsoft Exchange 2007 and later, Exchange Online / Microsoft 365, Outlook.com: a readable part
// ("Delivery has failed to these recipients or groups:") and "Diagnostic information for
// administrators:" with "Generating server:", each recipient, and "#550 5.1.10 RESOLVER.ADR...##"
// or "Remote Server returned '...'".
import { cutReport, inlineHeaders } from '../text-format.js';
import { anyOf, headerMatches, hasHeader, subjectMatches, textMatches } from '../detect.js';
import { cleanAddress, oneLine } from '../../text-tools.js';
import type { DecodeContext, Decoded, DecodedRecipient, Decoder } from '../types.js';

const END = [/^\s*Original message headers:\s*$/im, /^-{3,} ?Original message[^\n]*$/im];

export const exchange: Decoder = {
  name: 'exchange',
  detect: anyOf(
    textMatches(/^Diagnostic information for administrators:|^Delivery has failed to these recipients or (?:groups|distribution lists)|^Your message to \S+ couldn't be delivered|^Your message couldn't be delivered|^The following organization rejected your message|^Delivery to these recipients or groups is complete|^Delivery is delayed to these recipients or groups/m),
    allOf2(hasHeader('x-ms-exchange-message-is-ndr'), subjectMatches(/^(?:Undeliverable|Undeliverable Message|Delivery Status Notification|Delivery delayed|Non remis|Unzustellbar|No se puede entregar)/i)),
    headerMatches('x-ms-exchange-message-is-ndr', /./),
  ),
  decode(ctx: DecodeContext): Decoded | null {
    const { report, original } = cutReport(ctx.m.text, undefined, END);
    const recipients: DecodedRecipient[] = [];
    const diagAt = report.search(/^Diagnostic information for administrators:/m);
    const diag = diagAt >= 0 ? report.slice(diagAt) : '';
    const server = /Generating server:\s*(\S+)/i.exec(diag)?.[1] ?? null;
    // administrators' part: "addr\n#550 5.1.1 text ##" or "addr\nRemote Server returned '...'"
    const lines = diag.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const addr = /^\s*([^\s<>@]+@[^\s<>@]+?)\s*(?:<mailto:[^>]*>)?\s*$/.exec(lines[i]);
      if (!addr) continue;
      const address = cleanAddress(addr[1]);
      if (!address) continue;
      const rest: string[] = [];
      for (let j = i + 1; j < lines.length && lines[j].trim() !== '' && rest.length < 20; j++) {
        if (/^\s*[^\s<>@]+@[^\s<>@]+\s*$/.test(lines[j])) break;
        rest.push(lines[j]);
      }
      const joined = oneLine(rest);
      const remote = /Remote Server (?:at (\S+) )?(?:\([^)]*\) )?returned '([^']*(?:'[^']*)*?)'/i.exec(joined);
      const hash = /#\s*(\d{3}[\s\S]*?)##/.exec(joined) ?? /#\s*(\d{3}.*)$/.exec(joined);
      recipients.push({
        address,
        diagnostic: remote ? remote[2] : hash ? hash[1].trim() : joined || null,
        remoteMta: remote?.[1] ?? null,
      });
    }
    if (recipients.length === 0) {
      // readable part only: "addr<mailto:addr>" then the sentence
      const readable = diagAt >= 0 ? report.slice(0, diagAt) : report;
      const blocks = readable.split(/\n\s*\n/);
      for (const block of blocks) {
        const first = block.trim().split('\n');
        const a = /^([^\s<>@]+@[^\s<>@]+?)(?:<mailto:[^>]*>|\s+on\s+.*)?\s*$/.exec(first[0] ?? '');
        const address = a ? cleanAddress(a[1]) : null;
        if (address) recipients.push({ address, diagnostic: oneLine(first.slice(1)) || null });
      }
    }
    if (recipients.length === 0) return null;
    const delayed = /^Delivery is delayed to these recipients|^Delivery has been delayed|This is a delay notification/m.test(report);
    const delivered = /^Delivery to these recipients or groups is complete/m.test(report);
    for (const r of recipients) r.action = delivered ? 'delivered' : delayed ? 'delayed' : 'failed';
    return { recipients, reportingMta: server, originalHeaders: inlineHeaders(original) };
  },
};

function allOf2(a: (c: DecodeContext) => boolean, b: (c: DecodeContext) => boolean) {
  return (c: DecodeContext) => a(c) && b(c);
}
