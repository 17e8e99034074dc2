// Small predicates the decoders' `detect` functions are made of.
import { header } from '../mime.js';
import type { DecodeContext } from './types.js';

export const fromMatches = (re: RegExp) => (ctx: DecodeContext) => re.test(ctx.m.from);
export const subjectMatches = (re: RegExp) => (ctx: DecodeContext) => re.test(ctx.m.subject);
/** The same pattern with each literal space made to match any run of white space, line breaks
 * included (" " → \\s+, " ?" / " *" → \\s*): a sentence the report wrapped elsewhere (re-wrapped at
 * another width, CR-only line ends) still matches, in one pass over the text. Spaces inside a
 * character class are left as they are. */
export function wrapTolerant(re: RegExp): RegExp {
  let out = '';
  let inClass = false;
  const src = re.source;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      out += c + (src[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === ' ') {
      const q = src[i + 1];
      if (q === '?' || q === '*') {
        out += '\\s*';
        i++;
      } else if (q === '+') {
        out += '\\s+';
        i++;
      } else if (q === '{') {
        out += '\\s';
      } else {
        out += '\\s+';
      }
    } else {
      out += c;
    }
  }
  return new RegExp(out, re.flags);
}

/** only the first part of the text is looked at: detection must stay cheap; and no detection may
 * depend on a sentence staying on one line */
export const textMatches = (re: RegExp) => {
  const tolerant = wrapTolerant(re);
  return (ctx: DecodeContext) => tolerant.test(ctx.m.text.slice(0, 8192));
};
export const headerMatches = (name: string, re: RegExp) => (ctx: DecodeContext) => re.test(header(ctx.m.headers, name) ?? '');
export const hasHeader = (name: string) => (ctx: DecodeContext) => header(ctx.m.headers, name) !== null;

export const anyOf =
  (...tests: Array<(ctx: DecodeContext) => boolean>) =>
  (ctx: DecodeContext) =>
    tests.some((t) => t(ctx));
export const allOf =
  (...tests: Array<(ctx: DecodeContext) => boolean>) =>
  (ctx: DecodeContext) =>
    tests.every((t) => t(ctx));

/** From a mailer daemon / postmaster, as most MTAs send their reports */
export const fromDaemon = fromMatches(/mailer-daemon|post[_.-]?master|mail delivery (?:system|subsystem)|<>|mail administrator|mailer_daemon/i);
