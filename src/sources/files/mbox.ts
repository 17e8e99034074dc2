// Splitting an mbox file into messages: each starts at a `From ` line (at the start of the file
// or after a newline), which is not part of the message; `>From ` lines (any number of `>`) lose
// one `>` (mboxrd, which also reads mboxo files right). Works on bytes, so no charset is assumed.
// splitMbox takes a whole buffer; mbox-stream.ts finds the same separators as the bytes arrive and
// shares the per-message step (mboxPart, mboxMessage).

export interface MboxMessage {
  raw: Buffer;
  /** the date on the `From ` line, when it has a readable one */
  date: Date | null;
}

const FROM = Buffer.from('From ');

/** Does this look like an mbox (starts with a `From ` separator line)? */
export function looksLikeMbox(head: Uint8Array): boolean {
  // a header line would be `From:`; the separator is `From ` and the envelope sender
  const line = Buffer.from(head.subarray(0, 200)).toString('latin1').split('\n', 1)[0]!;
  return /^From \S+/.test(line);
}

export function splitMbox(data: Buffer): MboxMessage[] {
  const starts: number[] = [];
  if (data.subarray(0, 5).equals(FROM)) starts.push(0);
  for (let i = data.indexOf('\nFrom ', 0, 'latin1'); i >= 0; i = data.indexOf('\nFrom ', i + 1, 'latin1')) starts.push(i + 1);
  const out: MboxMessage[] = [];
  for (let k = 0; k < starts.length; k++) {
    const last = k + 1 === starts.length;
    const part = mboxPart(data.subarray(starts[k], last ? data.length : starts[k + 1]), last);
    if (part) out.push(mboxMessage(part));
  }
  return out;
}

/** One message's stretch of an mbox, cut in two: its `From ` line and its bytes as stored (still quoted). */
export interface MboxPart {
  fromLine: string;
  body: Buffer;
}

/** `segment` runs from a `From ` line to the next separator (`last`: to the end); null for a lone separator line. */
export function mboxPart(segment: Buffer, last: boolean): MboxPart | null {
  const nl = segment.indexOf(10);
  if (nl < 0) return null;
  const fromLine = segment.subarray(0, nl).toString('latin1').replace(/\r$/, '');
  const body = segment.subarray(nl + 1);
  // the blank line written before the next separator belongs to the mbox, not the message
  return { fromLine, body: last ? body : trimOneBlankLine(body) };
}

export function mboxMessage(part: MboxPart): MboxMessage {
  return { raw: unquoteFrom(part.body), date: fromLineDate(part.fromLine) };
}

function trimOneBlankLine(b: Buffer): Buffer {
  if (b.length >= 2 && b[b.length - 1] === 10 && b[b.length - 2] === 10) return b.subarray(0, b.length - 1);
  if (b.length >= 4 && b.subarray(b.length - 4).toString('latin1') === '\r\n\r\n') return b.subarray(0, b.length - 2);
  return b;
}

/** `>From ` → `From `, `>>From ` → `>From `, at the start of a line. */
function unquoteFrom(b: Buffer): Buffer {
  if (b.indexOf('>From ', 0, 'latin1') < 0) return b;
  const s = b.toString('latin1').replace(/^>(>*From )/gm, '$1');
  return Buffer.from(s, 'latin1');
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `From sender Thu Jan  4 10:20:30 2024` (asctime, read as UTC). */
export function fromLineDate(line: string): Date | null {
  const m = /\b([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(?:[A-Z]{3,4}\s+|[+-]\d{4}\s+)?(\d{4})\b/.exec(line);
  if (!m) return null;
  const month = MONTHS.indexOf(m[1]!.toLowerCase());
  if (month < 0) return null;
  const d = new Date(Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])));
  return Number.isNaN(d.getTime()) ? null : d;
}
