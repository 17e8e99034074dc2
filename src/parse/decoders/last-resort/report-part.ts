// Where a report's own words end: at the first returned-message marker (markers.ts), or at a block
// of the returned message's headers quoted without any marker line before it.
import { cutReport, type Section } from '../text-format.js';
import { ORIGINAL_MARKERS } from '../markers.js';

// three header lines in a row (continuations allowed), one of them a header only a message has
const QUOTED_HEADERS = /^(?:Received|Return-Path|DKIM-Signature|Message-I[Dd]|MIME-Version|X-[A-Za-z-]+|Content-Type|Date|From|To|Subject):[^\n]*\n(?:[ \t][^\n]*\n)*(?:[A-Za-z-]+:[^\n]*\n(?:[ \t][^\n]*\n)*){2}/m;
// (not Date: a report's summary of the message it returns has To, Cc, Date and Subject lines too)
const STRONG_HEADER = /^(?:Received|Return-Path|DKIM-Signature|Message-I[Dd]|MIME-Version):/im;

/** the last text cut: the last resort asks for the same text's parts two or three times */
let last: { text: string; section: Section } | null = null;

export function reportPart(text: string): Section {
  if (last?.text !== text) last = { text, section: cut(text) };
  return last.section;
}

function cut(text: string): Section {
  const cut = cutReport(text, undefined, ORIGINAL_MARKERS);
  const q = QUOTED_HEADERS.exec(cut.report);
  if (q && STRONG_HEADER.test(q[0]) && q.index > 0) {
    return { report: cut.report.slice(0, q.index), original: '\n' + cut.report.slice(q.index) + (cut.original ?? '') };
  }
  return cut;
}
