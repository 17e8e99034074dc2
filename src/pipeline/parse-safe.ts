// The parser behind a guard: parseBounce promises never to throw; if it ever does, the message is
// kept and marked failed rather than lost. A stored input's format routes it: a mail message
// (format null) to the mail parser, a sending service's event to that service's decoder.
import { parseBounce } from '../parse/parse-bounce.js';
import { decodeEvent } from '../parse/events/index.js';
import type { BounceReport } from '../parse/types.js';

export type Parsed = { report: BounceReport; threw: null } | { report: null; threw: string };

export function safeParse(raw: Uint8Array, format: string | null = null): Parsed {
  try {
    return { report: format === null ? parseBounce(raw) : decodeEvent(format, raw), threw: null };
  } catch (err) {
    return { report: null, threw: `parser threw: ${(err as Error).message}` };
  }
}
