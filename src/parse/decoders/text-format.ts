// The engine behind the free-text decoders. Most non-RFC reports share one shape: some prose, then
// for each failed recipient a line that names it followed by lines about it, then a copy of the
// returned message. A format is data: how to recognise it, where its report starts and ends, how a
// recipient line looks, and the phrases it uses; the engine does the cutting.
import type { Action, Reason } from '../types.js';
import { parseHeaders } from '../mime.js';
import { cleanAddress, findCommand, findRemoteHost, oneLine } from '../text-tools.js';
import type { DecodeContext, Decoded, DecodedRecipient, Decoder } from './types.js';
import { ORIGINAL_MARKERS } from './markers.js';

export interface TextFormat {
  name: string;
  /** is this report ours? */
  detect: (ctx: DecodeContext) => boolean;
  /** the report part starts at the first line matching one of these (the line itself is dropped) */
  begin?: RegExp[];
  /** the returned message starts at the first line matching one of these; defaults to ORIGINAL_MARKERS */
  end?: RegExp[];
  /** a line that names a recipient: group 1 the address, an optional group `rest` the text after it */
  recipient: RegExp[];
  /** lines that say nothing about the failure */
  skip?: RegExp[];
  /** the server's own words inside a recipient's text, group 1 (first match wins) */
  diagnostic?: RegExp[];
  /** a recipient's text ends at a blank line (else at the next recipient) */
  blankEnds?: boolean;
  /** phrases that decide the reason in this format */
  reasons?: Array<[RegExp, Reason]>;
  /** the whole report says delivery is only delayed */
  delayed?: RegExp;
  /** the report names the recipients nowhere but in these headers */
  recipientHeaders?: string[];
}

export interface Section {
  report: string;
  original: string | null;
}

export function cutReport(text: string, begin: RegExp[] | undefined, end: RegExp[]): Section {
  let report = text;
  if (begin) {
    for (const re of begin) {
      const m = re.exec(report);
      if (m) {
        const eol = report.indexOf('\n', m.index + m[0].length - 1);
        report = eol < 0 ? '' : report.slice(eol + 1);
        break;
      }
    }
  }
  let cut = -1;
  let cutEnd = -1;
  for (const re of end) {
    const m = re.exec(report);
    if (m && (cut < 0 || m.index < cut)) {
      cut = m.index;
      cutEnd = m.index + m[0].length;
    }
  }
  if (cut < 0) return { report, original: null };
  return { report: report.slice(0, cut), original: report.slice(cutEnd) };
}

/** Headers of an inline copy of the returned message. */
export function inlineHeaders(original: string | null) {
  if (!original) return null;
  const body = original.replace(/^[^\n]*\n/, '').replace(/^\s*\n/, '');
  const headEnd = body.search(/\n\s*\n/);
  const head = headEnd < 0 ? body : body.slice(0, headEnd);
  const headers = parseHeaders(head.replace(/^[ \t]+(?=[!-9;-~]+:)/gm, ''));
  return headers.length ? headers : null;
}

interface Block {
  address: string;
  lines: string[];
}

export function cutRecipients(report: string, fmt: Pick<TextFormat, 'recipient' | 'skip' | 'blankEnds'>): Block[] {
  const blocks: Block[] = [];
  let cur: Block | null = null;
  let closed = false;
  for (const line of report.split('\n')) {
    if (fmt.skip?.some((re) => re.test(line))) continue;
    let matched = false;
    for (const re of fmt.recipient) {
      const m = re.exec(line);
      if (!m) continue;
      const address = cleanAddress(m[1]);
      if (!address) continue;
      matched = true;
      const same: Block | undefined = blocks.find((b) => b.address.toLowerCase() === address.toLowerCase());
      cur = same ?? { address, lines: [] };
      if (!same) blocks.push(cur);
      closed = false;
      if (m.groups?.rest) cur.lines.push(m.groups.rest);
      break;
    }
    if (matched || !cur || closed) continue;
    if (fmt.blankEnds && line.trim() === '' && cur.lines.some((l) => l.trim() !== '')) {
      closed = true;
      continue;
    }
    if (cur.lines.length < 60) cur.lines.push(line);
  }
  return blocks;
}

export function textDecoder(fmt: TextFormat): Decoder {
  const end = fmt.end ?? ORIGINAL_MARKERS;
  return {
    name: fmt.name,
    detect: fmt.detect,
    decode(ctx: DecodeContext): Decoded | null {
      const { report, original } = cutReport(ctx.m.text, fmt.begin, end);
      let blocks = cutRecipients(report, fmt);
      if (blocks.length === 0 && fmt.recipientHeaders) {
        const text = oneLine(report);
        blocks = fmt.recipientHeaders
          .flatMap((h) => ctx.m.headers.filter(([n]) => n === h).flatMap(([, v]) => v.split(',')))
          .map((a) => cleanAddress(a))
          .filter((a): a is string => !!a)
          .map((address) => ({ address, lines: [text] }));
      }
      if (blocks.length === 0) return null;
      const delayed = fmt.delayed?.test(report) ?? false;
      const recipients = blocks.map((b) => blockToRecipient(b, fmt, delayed ? 'delayed' : 'failed'));
      return { recipients, originalHeaders: inlineHeaders(original) };
    },
  };
}

function blockToRecipient(b: Block, fmt: TextFormat, action: Action): DecodedRecipient {
  const whole = b.lines.join('\n');
  let diagnostic = oneLine(b.lines);
  for (const re of fmt.diagnostic ?? []) {
    const m = re.exec(whole);
    if (m?.[1]) {
      diagnostic = oneLine(m[1]);
      break;
    }
  }
  let reason: Reason | null = null;
  for (const [re, r] of fmt.reasons ?? []) {
    if (re.test(whole)) {
      reason = r;
      break;
    }
  }
  return {
    address: b.address,
    action,
    diagnostic: diagnostic || null,
    remoteMta: findRemoteHost(oneLine(whole)),
    command: findCommand(oneLine(whole)),
    reason,
  };
}
