// Where a report's own words end: at the first returned-message marker (markers.ts), or at a block
// of the returned message's headers quoted without any marker line before it.
import { cutReport, type Section } from '../text-format.js';
import { ORIGINAL_MARKERS } from '../markers.js';
import type { Message } from '../../message.js';

// three header lines in a row (continuations allowed), one of them a header only a message has
const QUOTED_HEADERS = /^(?:Received|Return-Path|DKIM-Signature|Message-I[Dd]|MIME-Version|X-[A-Za-z-]+|Content-Type|Date|From|To|Subject):[^\n]*\n(?:[ \t][^\n]*\n)*(?:[A-Za-z-]+:[^\n]*\n(?:[ \t][^\n]*\n)*){2}/m;
// (not Date: a report's summary of the message it returns has To, Cc, Date and Subject lines too)
const STRONG_HEADER = /^(?:Received|Return-Path|DKIM-Signature|Message-I[Dd]|MIME-Version):/im;

/** the last message's text cut: the last resort asks for it two or three times in a row. Not a
 * WeakMap by message: the young-generation collector keeps a WeakMap's values (slices of the
 * message's text, and so the whole text) alive until a full collection. */
let last: { m: Message; section: Section } | null = null;

/** The report part of a message's text (cut once per message). */
export function reportPartOf(m: Message): Section {
  if (last === null || last.m !== m) last = { m, section: reportPart(m.text) };
  return last.section;
}

export function reportPart(text: string): Section {
  const cut = cutReport(text, undefined, ORIGINAL_MARKERS);
  const q = QUOTED_HEADERS.exec(cut.report);
  if (q && STRONG_HEADER.test(q[0]) && q.index > 0) {
    return { report: cut.report.slice(0, q.index), original: '\n' + cut.report.slice(q.index) + (cut.original ?? ''), before: cut.before };
  }
  return cut;
}
