// Apache James. The notify/bounce mailets write "Error message below:" and the reply, then
// "Message details:" with "  MAIL FROM: ..." and "  RCPT TO: a@b" (more recipients on the lines
// below, indented); the DSN bounce mailet writes "Hi. This is the James mail server at host." with
// "Failed recipient(s):" and "Error message:".
import { anyOf, allOf, textMatches } from '../detect.js';
import { cutReport, inlineHeaders } from '../text-format.js';
import { ORIGINAL_MARKERS } from '../markers.js';
import { cleanAddress, oneLine } from '../../text-tools.js';
import type { DecodeContext, Decoded, Decoder } from '../types.js';

export const apachejames: Decoder = {
  name: 'apachejames',
  detect: anyOf(
    allOf(textMatches(/^Error message below:\s*$/m), textMatches(/^Message details:\s*$/m)),
    textMatches(/^Hi\. This is the James mail server at /m),
  ),
  decode(ctx: DecodeContext): Decoded | null {
    const { report, original } = cutReport(ctx.m.text, undefined, ORIGINAL_MARKERS);
    const lines = report.split('\n');
    const addresses: string[] = [];
    let error: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (/^Error message(?: below)?:\s*$/i.test(line)) {
        error = [];
        for (let j = i + 1; j < lines.length && lines[j].trim() !== '' && error.length < 20; j++) error.push(lines[j]);
        continue;
      }
      const rcpt = /^\s*RCPT TO:\s*(.*)$/i.exec(line) ?? (/^Failed recipient\(s\):\s*$/i.test(line) ? ['', ''] : null);
      if (!rcpt) continue;
      // the first address on the line itself, the others each on an indented line below
      const first = cleanAddress(rcpt[1]);
      if (first) addresses.push(first);
      for (let j = i + 1; j < lines.length; j++) {
        if (/^\s*[\w-]+(?: [\w()-]+)*:/.test(lines[j]) || lines[j].trim() === '') break;
        const more = cleanAddress(lines[j]);
        if (more) addresses.push(more);
      }
    }
    if (addresses.length === 0) return null;
    // "550 - Requested action not taken: ..." is the reply "550 Requested action not taken: ..."
    const diagnostic = oneLine(error).replace(/^(\d{3}) - /, '$1 ') || null;
    return {
      recipients: addresses.map((address) => ({ address, diagnostic })),
      originalHeaders: inlineHeaders(original),
    };
  },
};
