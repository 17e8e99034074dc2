// Small predicates the decoders' `detect` functions are made of.
import { header } from '../mime.js';
import type { DecodeContext } from './types.js';
import type { Message } from '../message.js';
import { holds, requiredText } from './required-text.js';

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

/** How much of the text detection reads. */
const HEAD = 8192;

/** The start of a message's text, as is and lower-cased: computed once per message (detection
 * asks for it ~90 times in a row), for the last message asked about only. Kept by message, not by
 * text: two equal texts of two messages would be compared character by character. Not a WeakMap
 * by message: the young-generation collector keeps a WeakMap's values alive (and with them the
 * whole text a head is a slice of) until a full collection, which made every message's text
 * outlive its parse and grew the heap. A message asked about again after another is computed again. */
let last: { m: Message; h: { head: string; lower: string | null } } | null = null;
function headOf(m: Message): { head: string; lower: string | null } {
  if (last === null || last.m !== m) last = { m, h: { head: m.text.slice(0, HEAD), lower: null } };
  return last.h;
}

/** The first 8 KB of the message's text, and the same lower-cased (made once per message). */
export function textHead(m: Message): { head: string; lower: string } {
  const h = headOf(m);
  return { head: h.head, lower: (h.lower ??= h.head.toLowerCase()) };
}

/** An expression tried only on text that holds the literals it requires (required-text.ts): one
 * that a message never gets near is never compiled. `lower` is the text lower-cased, when the
 * caller has it. */
export interface Screened {
  readonly re: RegExp;
  /** is it tried on lower-cased text (its `i` flag): then `lower` is what mayMatch reads */
  readonly folded: boolean;
  /** can it match this text (false: it cannot) */
  mayMatch(text: string, lower?: string): boolean;
  test(text: string, lower?: string): boolean;
}

export function screened(re: RegExp): Screened {
  const clauses = requiredText(re);
  const folded = re.flags.includes('i');
  const mayMatch = (text: string, lower?: string) => !clauses || holds(clauses, folded ? (lower ?? text.toLowerCase()) : text);
  return { re, folded, mayMatch, test: (text, lower) => mayMatch(text, lower) && re.test(text) };
}

/** only the first part of the text is looked at: detection must stay cheap; and no detection may
 * depend on a sentence staying on one line. An expression runs only on text holding one of the
 * literals it requires (required-text.ts): most never need compiling. */
export const textMatches = (re: RegExp) => {
  const tolerant = wrapTolerant(re);
  const words = requiredText(tolerant);
  const folded = tolerant.flags.includes('i');
  return (ctx: DecodeContext) => {
    const h = headOf(ctx.m);
    if (words) {
      const text = folded ? (h.lower ??= h.head.toLowerCase()) : h.head;
      if (!holds(words, text)) return false;
    }
    return tolerant.test(h.head);
  };
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
