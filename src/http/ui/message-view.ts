// A stored raw message, read completely for a person with mailparser (the full MIME parser, unlike
// the bounded one on the hot path): its headers decoded, the delivery-status or feedback-report
// fields block by block, the decoded text, the attachments listed (the returned headers or message
// shown as text). Everything here is data from the message's sender, that is from anyone: the
// browser shows it as text only, and the HTML part is served apart (htmlPart), for a sandboxed frame.
import { simpleParser, type Attachment } from 'mailparser';
import libmime from 'libmime';

export interface MessageView {
  headers: Array<{ name: string; value: string }>;
  subject: string | null;
  text: string | null;
  hasHtml: boolean;
  /** message/delivery-status and message/feedback-report parts: blocks of fields */
  reports: Array<{ contentType: string; blocks: Array<Array<{ name: string; value: string }>> }>;
  attachments: Array<{ filename: string | null; contentType: string; size: number; text: string | null }>;
}

/** Text shown of one attachment at most (the raw download has it all). */
const SHOWN_BYTES = 64 * 1024;
const REPORT_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status', 'message/feedback-report']);
const TEXT_PARTS = /^(text\/|message\/(rfc822|global|global-headers|rfc822-headers)$)/;

export async function viewMessage(raw: Buffer): Promise<MessageView> {
  // skipHtmlToText: the text shown is the message's own text part, not one made from its HTML
  const m = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, keepDeliveryStatus: true });
  const headers = m.headerLines.map((h) => {
    const i = h.line.indexOf(':');
    return { name: h.line.slice(0, i).trim(), value: decodeHeader(h.line.slice(i + 1)) };
  });
  const reports: MessageView['reports'] = [];
  const attachments: MessageView['attachments'] = [];
  for (const a of m.attachments) {
    const type = a.contentType.toLowerCase();
    if (REPORT_TYPES.has(type)) reports.push({ contentType: type, blocks: fieldBlocks(a.content.toString('utf8')) });
    attachments.push({ filename: a.filename ?? null, contentType: type, size: a.size, text: TEXT_PARTS.test(type) || REPORT_TYPES.has(type) ? shown(a) : null });
  }
  return { headers, subject: m.subject ?? null, text: m.text ?? null, hasHtml: typeof m.html === 'string' && m.html.length > 0, reports, attachments };
}

/** The message's HTML part, for a frame that runs nothing (see the route's CSP and sandbox). */
export async function htmlPart(raw: Buffer): Promise<string | null> {
  const m = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true, keepDeliveryStatus: true });
  return typeof m.html === 'string' && m.html ? m.html : null;
}

function shown(a: Attachment): string {
  const text = a.content.subarray(0, SHOWN_BYTES).toString('utf8');
  return a.content.length > SHOWN_BYTES ? `${text}\n… (${a.content.length - SHOWN_BYTES} more bytes: download the raw message)` : text;
}

function decodeHeader(v: string): string {
  const unfolded = v.replace(/\r?\n[ \t]+/g, ' ').trim();
  try {
    return libmime.decodeWords(unfolded);
  } catch {
    return unfolded;
  }
}

/** `Name: value` lines in blocks separated by blank lines; continuation lines joined. */
export function fieldBlocks(text: string): Array<Array<{ name: string; value: string }>> {
  const blocks: Array<Array<{ name: string; value: string }>> = [];
  let block: Array<{ name: string; value: string }> = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) {
      if (block.length) blocks.push(block);
      block = [];
    } else if (/^[ \t]/.test(line) && block.length) {
      block[block.length - 1]!.value += ' ' + line.trim();
    } else {
      const i = line.indexOf(':');
      block.push(i > 0 ? { name: line.slice(0, i).trim(), value: line.slice(i + 1).trim() } : { name: '', value: line.trim() });
    }
  }
  if (block.length) blocks.push(block);
  return blocks;
}
