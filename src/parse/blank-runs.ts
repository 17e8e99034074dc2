// A long run of blank lines cut short before the decoders read the text. Many of their expressions
// are line markers written `/^\s*marker/m`: at every line start of a blank run, `\s*` takes the
// rest of the run before the marker fails to follow, so a run of n lines costs n² steps (30,000
// empty lines before "original message follows", 60 KB of mail, held the parser 2.2 s). Cut to
// MAX_BLANK_LINES, each such scan stops within that many lines. No report needs more blank lines
// than that in a row; the words around them are kept as they were.
const MAX_BLANK_LINES = 32;
/** A run longer than the cap: linear to look for, since each try starts at a line break and stops within MAX_BLANK_LINES + 1 lines. */
const LONG_RUN = new RegExp(`\\n(?:[^\\S\\n]*\\n){${MAX_BLANK_LINES + 1}}`);
const BLANK = /^[^\S\n]*$/;
/** `^` under `m` also starts a line after these; `\s` matches them too, so they count as line breaks here. */
const OTHER_LINE_BREAK = /[\r\u2028\u2029]/;
const OTHER_LINE_BREAKS = /\r\n?|[\u2028\u2029]/g;

export function capBlankRuns(text: string): string {
  const t = OTHER_LINE_BREAK.test(text) ? text.replace(OTHER_LINE_BREAKS, '\n') : text;
  if (!LONG_RUN.test(t)) return t;
  const out: string[] = [];
  let blank = 0;
  for (const line of t.split('\n')) {
    blank = BLANK.test(line) ? blank + 1 : 0;
    if (blank <= MAX_BLANK_LINES) out.push(line);
  }
  return out.join('\n');
}
