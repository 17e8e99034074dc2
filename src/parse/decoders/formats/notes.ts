// Lotus Notes / Domino SMTP MTA: "------- Failure Reasons --------", then for each recipient the
// reason and, on the next line, the address; "------- Returned Message --------" and an inline copy.
// The reason is in the server's language (Japanese installations answer in Japanese).
import type { Reason } from '../../types.js';
import { cutReport, inlineHeaders } from '../text-format.js';
import { allOf, subjectMatches, textMatches } from '../detect.js';
import { cleanAddress, oneLine } from '../../text-tools.js';
import type { DecodeContext, Decoded, DecodedRecipient, Decoder } from '../types.js';

const REASONS: Array<[RegExp, Reason]> = [
  // "User not listed in public Name & Address Book", later "... in Domino Directory"; the Japanese
  // release says the address is not in the directory list
  [/not listed in (?:the )?(?:public Name & Address Book|Domino Directory)|ディレクトリのリストにありません/i, 'userunknown'],
];

export const notes: Decoder = {
  name: 'notes',
  detect: allOf(subjectMatches(/^Undeliverable message/i), textMatches(/^-{3,} *Failure Reasons *-{3,}/m)),
  decode(ctx: DecodeContext): Decoded | null {
    const { report, original } = cutReport(ctx.m.text, [/^-{3,} *Failure Reasons *-{3,}/m], [/^-{3,} *Returned Message *-{3,}[^\n]*$/m]);
    const recipients: DecodedRecipient[] = [];
    let words: string[] = [];
    for (const line of report.split('\n')) {
      const t = line.trim();
      if (t === '') continue;
      const address = /^<?[^\s<>@]+@[^\s<>@]+>?$/.test(t) ? cleanAddress(t) : null;
      if (!address) {
        words.push(t);
        continue;
      }
      const text = oneLine(words);
      recipients.push({ address, diagnostic: text || null, reason: REASONS.find(([re]) => re.test(text))?.[1] ?? null });
      words = [];
    }
    return recipients.length ? { recipients, originalHeaders: inlineHeaders(original) } : null;
  },
};
