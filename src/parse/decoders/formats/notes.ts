// Lotus Notes / Domino SMTP MTA, in its two layouts. The older: "------- Failure Reasons --------",
// then for each recipient the reason and, on the next line, the address; "------- Returned Message
// --------" and an inline copy. The plain one (Subject "DELIVERY FAILURE: ..."): "Your message ...
// was not delivered to: ADDRESS because: REASON", once a recipient, wrapped anywhere. The reason is
// in the server's language (Japanese installations answer in Japanese).
import type { Reason } from '../../types.js';
import { cutReport, inlineHeaders } from '../text-format.js';
import { allOf, anyOf, headerMatches, subjectMatches, textMatches } from '../detect.js';
import { cleanAddress, oneLine } from '../../text-tools.js';
import type { DecodeContext, Decoded, DecodedRecipient, Decoder } from '../types.js';

const REASONS: Array<[RegExp, Reason]> = [
  // "User not listed in public Name & Address Book", later "... in Domino Directory"; the Japanese
  // release says the address is not in the directory list
  [/not listed in (?:the )?(?:public Name & Address Book|Domino Directory)|ディレクトリのリストにありません/i, 'userunknown'],
];

const FAILURE_REASONS = /^-{3,} *Failure Reasons *-{3,}/m;
// the plain layout, on text whose white space is collapsed: the address, then the reason
const PLAIN = /was not delivered to:?\s*<?([^\s<>]+@[^\s<>]+?)>?\s+because:?\s*([\s\S]*?)(?=\s*(?:Your message\b|was not delivered to\b|-{3,}|$))/gi;

export const notes: Decoder = {
  name: 'notes',
  // predicates built once (textMatches builds its wrap-tolerant expression when called)
  detect: anyOf(
    allOf(subjectMatches(/^Undeliverable message/i), textMatches(FAILURE_REASONS)),
    subjectMatches(/^DELIVERY (?:FAILURE|REPORT):/),
    headerMatches('received', /Lotus Domino|Lotus SMTP MTA/i),
  ),
  decode(ctx: DecodeContext): Decoded | null {
    return FAILURE_REASONS.test(ctx.m.text) ? failureReasons(ctx) : plain(ctx);
  },
};

function reasonOf(text: string): Reason | null {
  return REASONS.find(([re]) => re.test(text))?.[1] ?? null;
}

function failureReasons(ctx: DecodeContext): Decoded | null {
  const { report, original } = cutReport(ctx.m.text, [FAILURE_REASONS], [/^-{3,} *Returned Message *-{3,}[^\n]*$/m]);
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
    recipients.push({ address, diagnostic: text || null, reason: reasonOf(text) });
    words = [];
  }
  return recipients.length ? { recipients, originalHeaders: inlineHeaders(original) } : null;
}

function plain(ctx: DecodeContext): Decoded | null {
  const text = oneLine(ctx.m.text);
  const recipients: DecodedRecipient[] = [];
  for (const m of text.matchAll(PLAIN)) {
    const address = cleanAddress(m[1]);
    if (!address || recipients.some((r) => r.address.toLowerCase() === address.toLowerCase())) continue;
    const diagnostic = m[2]!.trim().slice(0, 1000);
    recipients.push({ address, diagnostic: diagnostic || null, reason: reasonOf(diagnostic) });
  }
  return recipients.length ? { recipients } : null;
}
