// The view of a message that decoders work on: its headers, the readable text of the report, the
// machine-readable status parts, and the headers of the message it returns.
import { capBlankRuns } from './blank-runs.js';
import { decodeHeaderValue, decodeText } from './charset.js';
import {
  type HeaderList,
  type MimePart,
  type Problems,
  LIMITS,
  decodeTransfer,
  header,
  normalise,
  parseHeaders,
  parsePart,
  partText,
  splitHead,
} from './mime.js';

export interface Message {
  headers: HeaderList;
  /** decoded Subject, '' when absent */
  subject: string;
  /** decoded From, '' when absent */
  from: string;
  /** the readable report: decoded text parts before the returned message (html reduced to text) */
  text: string;
  /** message/delivery-status (or global) part, decoded */
  dsnText: string | null;
  /** message/feedback-report part */
  feedbackText: string | null;
  /** headers of the returned message, when it came as its own part */
  originalHeaders: HeaderList | null;
  /** start of the returned message's body, when it came as its own part */
  originalBody: string | null;
  root: MimePart;
  problems: ProblemList;
  /** a delivery report attached to the message was read as the report itself */
  unwrapped: boolean;
}

export class ProblemList implements Problems {
  readonly list: string[] = [];
  add(problem: string): void {
    if (!this.list.includes(problem) && this.list.length < 50) this.list.push(problem);
  }
}

const ORIGINAL_TYPES = new Set(['message/rfc822', 'message/global', 'text/rfc822-headers', 'message/global-headers', 'message/partial']);
const DSN_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
const ORIGINAL_BODY_CHARS = 16 * 1024;

export function readMessage(raw: Uint8Array | string): Message {
  const problems = new ProblemList();
  const s = typeof raw === 'string' ? normalise(Buffer.from(raw, 'utf8'), problems) : normalise(raw, problems);
  const root = parsePart(s, problems);
  if (root.headers.length === 0) problems.add('no message headers');
  const msg: Message = {
    headers: root.headers,
    subject: decodeHeaderValue(header(root.headers, 'subject') ?? ''),
    from: decodeHeaderValue(header(root.headers, 'from') ?? ''),
    text: '',
    dsnText: null,
    feedbackText: null,
    originalHeaders: null,
    originalBody: null,
    root,
    problems,
    // present from the start: a property added later gives the message another shape, and the
    // optimised code of every function that reads messages was thrown away when one came
    unwrapped: false,
  };
  const texts = new Readable(problems);
  const htmls = new Readable(problems, HTML_CHARS);
  collect(root, msg, texts, htmls, problems);
  msg.text = capBlankRuns(texts.list.length ? texts.list.join('\n') : htmls.list.map((h) => htmlToText(h).slice(0, LIMITS.readableChars)).join('\n'));
  return msg;
}

/** html is markup mostly: more of it is read for the same readable text */
const HTML_CHARS = LIMITS.readableChars * 4;

/**
 * The text parts of the readable report, bounded all together (LIMITS.readableChars): a part past
 * the bound is cut, later parts are not decoded at all.
 */
class Readable {
  readonly list: string[] = [];
  private left: number;
  constructor(
    private readonly problems: Problems,
    private readonly bound: number = LIMITS.readableChars,
  ) {
    this.left = bound;
  }
  get length(): number {
    return this.list.length;
  }
  push(part: MimePart): void {
    if (this.left <= 0) {
      this.problems.add('more readable text than is read; later text parts ignored');
      return;
    }
    const text = partText(part, this.problems, this.left + 1);
    if (text.length > this.left) this.problems.add(`readable text longer than ${this.bound} characters; the rest not read`);
    const kept = text.length > this.left ? text.slice(0, this.left) : text;
    this.left -= kept.length;
    this.list.push(kept);
  }
}

function collect(part: MimePart, msg: Message, texts: Readable, htmls: Readable, problems: Problems): void {
  const t = part.type;
  if (t.startsWith('multipart/')) {
    if (part.children.length === 0) {
      texts.push(part);
      return;
    }
    if (t === 'multipart/alternative') {
      const plain = part.children.find((c) => c.type === 'text/plain');
      collect(plain ?? part.children[part.children.length - 1], msg, texts, htmls, problems);
      return;
    }
    for (const c of part.children) collect(c, msg, texts, htmls, problems);
    return;
  }
  if (DSN_TYPES.has(t)) {
    // RFC 6533: the global status part is UTF-8 whatever its label
    const text = t === 'message/global-delivery-status' ? decodeText(decodeTransfer(part), 'utf-8') : partText(part, problems);
    msg.dsnText = msg.dsnText === null ? text : msg.dsnText + '\n\n' + text;
    return;
  }
  if (t === 'message/feedback-report') {
    msg.feedbackText ??= partText(part, problems);
    return;
  }
  if (ORIGINAL_TYPES.has(t)) {
    if (msg.originalHeaders) return;
    let inner = decodeTransfer(part, LIMITS.textChars * 4);
    if (t.endsWith('-headers')) inner = inner.replace(/^\n+/, '');
    const { head, body } = t.endsWith('-headers') ? { head: inner.split('\n\n')[0], body: '' } : splitHead(inner.replace(/^\n+/, ''));
    const headers = parseHeaders(head);
    // a mail system that passes on another system's delivery report inside its own notice: the
    // report inside is the one that says who failed (only once: a report in that report is not)
    if (t === 'message/rfc822' && !msg.unwrapped && msg.dsnText === null && isDeliveryReport(headers) && fromMailSystem(msg)) {
      msg.unwrapped = true;
      collect(parsePart(inner.replace(/^\n+/, ''), problems), msg, texts, htmls, problems);
      return;
    }
    msg.originalHeaders = headers;
    msg.originalBody = body.slice(0, ORIGINAL_BODY_CHARS);
    return;
  }
  if (t === 'text/html') {
    htmls.push(part);
    return;
  }
  if (t.startsWith('text/') || t === 'application/octet-stream' && !isAttachment(part)) {
    if (isAttachment(part) && texts.length > 0) return;
    texts.push(part);
  }
}

function fromMailSystem(msg: Message): boolean {
  return (
    /mailer-daemon|postmaster|mail delivery (?:system|subsystem)/i.test(msg.from) ||
    /^auto-generated/i.test(header(msg.headers, 'auto-submitted') ?? '') ||
    // a list manager's bounce processor passing on a report it could not read (Mailman's "Uncaught
    // bounce notification" from the list's -bounces address)
    LIST_BOUNCE_PROCESSOR.test(msg.from) ||
    UNREAD_BOUNCE_SUBJECT.test(msg.subject)
  );
}
const LIST_BOUNCE_PROCESSOR = /[^\s<>@"]-bounces?(?:[+=-][^\s<>@"]*)?@/i;
const UNREAD_BOUNCE_SUBJECT = /\b(?:uncaught|unrecogni[sz]ed|unprocessed) bounce\b/i;

/** A delivery report by its structure, or a free-text one by its sender and subject (a mail
 * system's own notice from its mailer daemon: a forwarded message from a person is never one). */
function isDeliveryReport(headers: HeaderList): boolean {
  const ct = header(headers, 'content-type') ?? '';
  if (/^\s*multipart\/report\b/i.test(ct) && /report-type\s*=\s*"?delivery-status/i.test(ct)) return true;
  const from = decodeHeaderValue(header(headers, 'from') ?? '');
  const subject = decodeHeaderValue(header(headers, 'subject') ?? '');
  return /mailer-daemon|mail delivery (?:system|subsystem)/i.test(from) && /undeliver|returned mail|delivery (?:status|failure|failed)|failure notice|not delivered/i.test(subject);
}

function isAttachment(part: MimePart): boolean {
  return /^\s*attachment/i.test(header(part.headers, 'content-disposition') ?? '');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

// Rendered as a browser would lay it out: the source's own line breaks are white space (a report's
// "<br>" and the newline after it are one line break, not a blank line) except inside <pre>, a
// paragraph or a table is set apart by a blank line, a line break, a block or a row ends a line,
// a table's cells stand apart. Tags and white space are read in one pass (a report's HTML is
// mostly markup, tens of kilobytes of it).
const PARAGRAPH_TAGS = new Set(['p', 'table', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const LINE_TAGS = new Set(['br', 'div', 'tr', 'li']);
const CELL_TAGS = new Set(['td', 'th']);
// (an address in angle brackets, "<a@b.example>", is text, not a tag; nor is a transcript's "<<< 550")
const TAG_OR_SPACE = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b(?![@.])[^<>]*>|<[!?][^<>]*>|[ \t\r\n]+/g;

function layOut(match: string, close: string | undefined, name: string | undefined): string {
  if (name === undefined) return match.charCodeAt(0) === 60 /* < */ ? '' : ' ';
  const tag = name.toLowerCase();
  if (PARAGRAPH_TAGS.has(tag)) return '\n\n';
  if (tag === 'br' || (LINE_TAGS.has(tag) && (close === '' || tag === 'div'))) return '\n';
  return CELL_TAGS.has(tag) ? ' ' : '';
}

// what is never shown (script, style, the head) and what keeps its lines (pre)
const BLOCK_OPEN = /<(script|style|head|pre)\b[^<>]*>/gi;
const BLOCK_CLOSE: Record<string, RegExp> = { script: /<\/script\s*>/gi, style: /<\/style\s*>/gi, head: /<\/head\s*>/gi, pre: /<\/pre\s*>/gi };

/** Each script, style and head block taken out, each pre block's lines kept as line breaks. One
 * pass: a search starts where the last block ended, and a block never closed runs to the end (as a
 * browser reads it), so a text of many opening tags and no closing one costs no more than its length. */
function blocksOut(html: string): string {
  let out = '';
  let at = 0;
  BLOCK_OPEN.lastIndex = 0;
  for (let open = BLOCK_OPEN.exec(html); open !== null; open = BLOCK_OPEN.exec(html)) {
    const name = open[1]!.toLowerCase();
    const close = BLOCK_CLOSE[name]!;
    close.lastIndex = open.index + open[0].length;
    const end = close.exec(html);
    const inner = html.slice(open.index + open[0].length, end ? end.index : html.length);
    out += html.slice(at, open.index) + (name === 'pre' ? `<br>${inner.replace(/\r?\n/g, '<br>')}<br>` : '');
    at = end ? end.index + end[0].length : html.length;
    if (!end) break;
    BLOCK_OPEN.lastIndex = at;
  }
  return at === 0 ? html : out + html.slice(at);
}

export function htmlToText(html: string): string {
  return blocksOut(html)
    .replace(TAG_OR_SPACE, layOut)
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/[ \t]*\n[ \t]*/g, '\n')
    .replace(/\n{3,}/g, '\n\n');
}
