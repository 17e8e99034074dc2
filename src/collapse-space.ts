// White space collapsed to single spaces, for the parser's many one-line views of a text (a
// diagnostic, a recipient's lines, a reply). `s.replace(/\s+/g, ' ')` builds a new string every
// time, though most diagnostics and lines have nothing to collapse; the same result without one.

/** a white space character other than a plain space, or two spaces in a row */
const COLLAPSIBLE = /[^\S ]| {2}/;

/** `s.replace(/\s+/g, ' ')`: `s` itself when every run of white space in it is already one space. */
export function collapseSpace(s: string): string {
  return COLLAPSIBLE.test(s) ? s.replace(/\s+/g, ' ') : s;
}
