// BIGLOBE (biglobe.ne.jp): "----- The following addresses had delivery problems -----" with one
// address a line, then "----- Non-delivered information -----" and the reason for them all.
import { cutReport, inlineHeaders } from '../text-format.js';
import { allOf, fromMatches, textMatches } from '../detect.js';
import { ORIGINAL_MARKERS } from '../markers.js';
import { cleanAddress, oneLine } from '../../text-tools.js';
import type { DecodeContext, Decoded, Decoder } from '../types.js';

export const biglobe: Decoder = {
  name: 'biglobe',
  detect: allOf(fromMatches(/@(?:[\w-]+\.)*biglobe\.ne\.jp\b/i), textMatches(/^\s*-+ ?The following addresses had delivery problems ?-+/m)),
  decode(ctx: DecodeContext): Decoded | null {
    const { report, original } = cutReport(ctx.m.text, [/^\s*-+ ?The following addresses had delivery problems ?-+/m], ORIGINAL_MARKERS);
    const [list, info = ''] = report.split(/^\s*-+ ?Non-delivered information ?-+\s*$/m);
    const diagnostic = oneLine(info.split(/\n\s*\n/).find((p) => p.trim() !== '') ?? '') || null;
    const recipients = list
      .split('\n')
      .map((l) => (/^\s*<?[^\s<>@]+@[^\s<>@]+?>?\s*$/.test(l) ? cleanAddress(l) : null))
      .filter((a): a is string => !!a)
      .map((address) => ({ address, diagnostic }));
    return recipients.length ? { recipients, originalHeaders: inlineHeaders(original) } : null;
  },
};
