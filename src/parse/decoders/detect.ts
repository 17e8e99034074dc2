// Small predicates the decoders' `detect` functions are made of.
import { header } from '../mime.js';
import type { DecodeContext } from './types.js';

export const fromMatches = (re: RegExp) => (ctx: DecodeContext) => re.test(ctx.m.from);
export const subjectMatches = (re: RegExp) => (ctx: DecodeContext) => re.test(ctx.m.subject);
const collapsed = new WeakMap<object, string>();

/** The first part of the text with its white space collapsed: a sentence the report wrapped
 * elsewhere (re-wrapped at another width, CR-only line ends) still reads as one. */
function flatHead(ctx: DecodeContext): string {
  let flat = collapsed.get(ctx.m);
  if (flat === undefined) {
    flat = ctx.m.text.slice(0, 8192).replace(/\s+/g, ' ');
    collapsed.set(ctx.m, flat);
  }
  return flat;
}

/** only the first part of the text is looked at: detection must stay cheap. A pattern is tried on
 * the lines as they are (patterns anchored at a line start) and on the collapsed text. */
export const textMatches = (re: RegExp) => (ctx: DecodeContext) => re.test(ctx.m.text.slice(0, 8192)) || re.test(flatHead(ctx));
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
export const fromDaemon = fromMatches(/mailer-daemon|postmaster|mail delivery (?:system|subsystem)|<>|mail administrator|mailer_daemon/i);
