// Small readers shared by the free-text decoders: addresses, remote hosts and SMTP commands as
// servers and MTAs write them in prose.
import { collapseSpace } from '../collapse-space.js';

// Addresses are found token by token (text split on the characters an address cannot hold: white
// space and <>()[]"',;:), so the scan stays linear however long a run of hostile characters is: a
// single regular expression for "something@something.tld" backtracks badly on long runs without
// separators. Only a token with an @ can be an address: the tokens are found from each @ outwards
// (each character looked at once), not by matching every word of the text into an array.
const MAX_ADDRESS = 320;

/** Can a token not hold this character (what TOKEN, /[^\s<>()\[\]"',;:]+/, leaves out)? */
function isSeparator(c: number): boolean {
  switch (c) {
    case 0x3c: case 0x3e: case 0x28: case 0x29: case 0x5b: case 0x5d: case 0x22: case 0x27: case 0x2c: case 0x3b: case 0x3a:
      return true;
  }
  // \s: ECMAScript white space and line terminators
  return (
    (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** The token around position `at` (an @): from the separator before it to the one after. */
function tokenAt(text: string, at: number): { token: string; end: number } {
  let start = at;
  while (start > 0 && !isSeparator(text.charCodeAt(start - 1))) start--;
  if (start === at) start = quotedLocalStart(text, at);
  let end = at + 1;
  while (end < text.length && !isSeparator(text.charCodeAt(end))) end++;
  return { token: text.slice(start, end), end };
}

/** Most a quoted local part holds (RFC 5321 4.5.3.1.1: 64 octets): also how far back its opening quote is looked for. */
const MAX_LOCAL = 64;

/**
 * Where a quoted local part (`"john.doe"@example.org`, RFC 5321 4.1.2) before the @ at `at` opens,
 * or `at` when there is none: a quote right before the @, its opening quote at most MAX_LOCAL
 * characters back on the same line, after a separator or the start. Looked for within those
 * characters only, so the scan stays linear.
 */
function quotedLocalStart(text: string, at: number): number {
  if (text.charCodeAt(at - 1) !== 0x22) return at;
  for (let i = at - 2; i >= 0 && i >= at - 2 - MAX_LOCAL; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) return at;
    if (c !== 0x22) continue;
    return i < at - 2 && (i === 0 || isSeparator(text.charCodeAt(i - 1))) ? i : at;
  }
  return at;
}

function addressIn(token: string): string | null {
  if (token.length > MAX_ADDRESS + 8 || !token.includes('@')) return null;
  const a = token.replace(/^[`.]+|[`.]+$/g, '');
  return isAddress(a) && /[A-Za-z0-9]$/.test(a) ? a : null;
}

/**
 * `s` without the run of characters `one` matches (a class of one character) at its start, its end
 * or both, looked at one character at a time. An expression such as `/[>\s.;,]+$/` takes each
 * character of a long run for the start of the last one and reads to the run's end each time:
 * quadratic, a second for a status field of 30,000 dots.
 */
export function trimRun(s: string, one: RegExp, ends: 'start' | 'end' | 'both'): string {
  let start = 0;
  let end = s.length;
  if (ends !== 'end') while (start < end && one.test(s[start]!)) start++;
  if (ends !== 'start') while (end > start && one.test(s[end - 1]!)) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** The first `<...>` holding an address, found without backtracking. The first ">" after a "<" is
 * looked for again only once passed: from every "<" of "<a<a<a…" it took the rest of the text. */
export function angleAddress(s: string): string | null {
  let i = s.indexOf('<');
  let close = -1;
  while (i >= 0) {
    const next = s.indexOf('<', i + 1);
    if (close <= i) close = s.indexOf('>', i + 1);
    if (close < 0) return null;
    if (next < 0 || close < next) {
      const inner = s.slice(i + 1, close).trim();
      if (inner.includes('@') && !/\s/.test(inner)) return inner;
    }
    i = next;
  }
  return null;
}

/** The address in `<a@b>`, `a@b`, `rfc822;a@b`, `mailto:a@b`; null when there is none. */
export function cleanAddress(s: string | null | undefined): string | null {
  if (!s) return null;
  const angle = angleAddress(s);
  const v = angle ?? s;
  for (let at = v.indexOf('@'); at >= 0; ) {
    const { token, end } = tokenAt(v, at);
    const a = addressIn(token);
    if (a) return a;
    at = v.indexOf('@', end);
  }
  return null;
}

export function isAddress(a: string): boolean {
  const at = a.lastIndexOf('@');
  if (at <= 0 || at === a.length - 1) return false;
  const domain = a.slice(at + 1);
  const local = a.slice(0, at);
  // a quoted local part may hold spaces ("jane roe"@example.org, RFC 5321 4.1.2)
  return a.length <= MAX_ADDRESS && (/^[^\s@]+$/.test(local) || /^"[^"\r\n]*"$/.test(local)) && /^(?:[^\s@.]+\.)+[^\s@.]+$|^\[[0-9a-f.:]+\]$/i.test(domain);
}

export function findAddresses(text: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (let at = text.indexOf('@'); at >= 0; ) {
    const { token, end } = tokenAt(text, at);
    const a = addressIn(token);
    if (a && !seen.has(a.toLowerCase())) {
      seen.add(a.toLowerCase());
      out.push(a);
    }
    at = text.indexOf('@', end);
  }
  return out;
}

// Data: how MTAs say which SMTP command failed, most specific first.
const COMMANDS: Array<[RegExp, string]> = [
  [/in reply to (?:the )?(RCPT TO|MAIL FROM|DATA|end of DATA|HELO|EHLO|STARTTLS|AUTH|QUIT|RSET|BDAT|LHLO)\b/i, '$1'],
  [/\bafter (RCPT TO|MAIL FROM|end of data|DATA|HELO|EHLO|STARTTLS|AUTH|BDAT|pipelined \w+ \w+)\b/i, '$1'],
  // "SMTP error from remote server after RCPT command" (Exim): the bare verb, in capitals
  [/\bafter (RCPT|MAIL|DATA) command\b/, '$1'],
  [/>>> (RCPT|MAIL|DATA|HELO|EHLO|STARTTLS|AUTH|QUIT|RSET|BDAT)\b/i, '$1'],
  // qmail-remote after a failed session: "... most progress was RCPT TO"
  [/\bmost progress was (RCPT TO|MAIL FROM|DATA|HELO|EHLO|connection)\b/i, '$1'],
  // Coremail and others: "RCPT TO <a@b> said: 550 ...", "MAIL FROM: <...> said"
  [/\b(RCPT TO|MAIL FROM)\b:?\s*<?[^\s<>]*>?\s*said\b/i, '$1'],
  [/\[(RCPT_TO|MAIL_FROM|DATA|HELO|EHLO|CONNECT)\]/, '$1'],
  // a bare command line: the last one named is the one answered ("MAIL FROM:<a> ... RCPT TO:<b>"
  // in a transcript, or the envelope a report sums up): a global expression (g) gives its last match
  [/\b(RCPT TO|MAIL FROM)\s*:?\s*</gi, '$1'],
  [/\bSMTP:(RCPT|MAIL|DATA)\b/, '$1'],
  // "SMTP error from remote server after RCPT command:" (GMX, mail.com)
  [/\bafter (RCPT|MAIL|DATA|HELO|EHLO) command\b/i, '$1'],
  // DragonFly Mail Agent: "mx.example.org [192.0.2.1] did not like our RCPT TO:" / "... our final DATA:"
  [/\bdid not like our (?:final )?(RCPT TO|MAIL FROM|DATA|HELO|EHLO|STARTTLS|AUTH)\b/i, '$1'],
  // "-------SMTP command\nDATA" (m-FILTER), "refused to accept your message (DATA)"
  [/\bSMTP command\W+(RCPT TO|MAIL FROM|RCPT|MAIL|DATA|HELO|EHLO|BDAT)\b/i, '$1'],
  [/\brefused to accept (?:your|the) message \((RCPT TO|MAIL FROM|RCPT|MAIL|DATA)\)/i, '$1'],
  [/does not like recipient|didn't like (?:the )?recipient|recipient (?:address )?rejected|recipients? (?:was|were) rejected by/i, 'RCPT'],
  [/sender (?:address )?(?:was )?rejected|didn't like the sender/i, 'MAIL'],
  [/failed after I sent the message|after end of data|end of data/i, 'DATA'],
  // Postfix's "host mx[ip] refused to talk to me: 554 ...": the reply to the connection, its greeting
  [/greeting failed|(?:during|at|after) (?:the )?(?:initial )?connection|connection (?:refused|timed out|timeout)|refused to talk to me/i, 'CONN'],
];

/**
 * Can one of the expressions match a text: all of them as case-insensitive alternations, one for
 * each set of their other flags (`m` is kept where it was: it changes where ^ and $ match, and
 * added to an expression that lacks it, what it tries at every line start), a test that fails for
 * most texts in one pass (most diagnostics name no command, no host) where trying them one by one
 * runs each over the text. Ignoring case only widens what an alternative matches, so a text they
 * fail on is one every expression fails on; on a text they pass, the expressions are tried one by
 * one as before. The work stays bounded: each alternative is tried at most once at each place of
 * the text, and findCommand and findRemoteHost screen none of their expressions, so a text none
 * matches (the costliest input) already had every one of them run over all of it; the expressions
 * that were case-sensitive are literal words, which ignoring case makes no costlier. (An alternation
 * of expressions that a screen kept from running would not be bounded so: see cutReport.)
 */
export function anyMayMatch(res: readonly RegExp[]): { test(text: string): boolean } {
  const byFlags = new Map<string, string[]>();
  for (const re of res) {
    const flags = re.flags.replace(/[gyi]/g, '') + 'i';
    byFlags.set(flags, [...(byFlags.get(flags) ?? []), `(?:${re.source})`]);
  }
  const all = [...byFlags].map(([flags, sources]) => new RegExp(sources.join('|'), flags));
  return { test: (text) => all.some((re) => re.test(text)) };
}

const ANY_COMMAND = anyMayMatch(COMMANDS.map(([re]) => re));

export function findCommand(text: string | null | undefined): string | null {
  if (!text) return null;
  // reports wrap their lines anywhere, inside "(in reply to\n    RCPT TO command)" too: the phrases
  // are read with each run of white space as one space
  const flat = /\s\s|[\t\r\n]/.test(text) ? text.replace(/\s+/g, ' ') : text;
  if (!ANY_COMMAND.test(flat)) return null;
  for (const [re, out] of COMMANDS) {
    const m = re.global ? lastMatch(re, flat) : re.exec(flat);
    if (!m) continue;
    const word = (out === '$1' ? m[1] : out).toUpperCase().replace('_', ' ');
    if (word.startsWith('RCPT')) return 'RCPT';
    if (word.startsWith('MAIL')) return 'MAIL';
    if (word === 'END OF DATA' || word === 'DATA' || word === 'BDAT') return 'DATA';
    if (word.startsWith('PIPELINED')) return null;
    if (word === 'CONNECT' || word === 'CONNECTION') return 'CONN';
    return word;
  }
  return null;
}

function lastMatch(re: RegExp, text: string): RegExpExecArray | null {
  re.lastIndex = 0;
  let last: RegExpExecArray | null = null;
  for (let m = re.exec(text); m; m = re.exec(text)) last = m;
  return last;
}

// Data: how reports name the server that answered.
const REMOTE_HOSTS: RegExp[] = [
  /\bhost\s+([A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,})\.?\s*\[/i,
  /\bwhile talking to\s+([A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,})\.?/i,
  /\bby\s+([A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,})\.?\s*\[\d/i,
  /\bRemote[- ]MTA:?\s*(?:dns;\s*)?([A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,})/i,
  /\bRemote system:\s*(?:dns;\s*)?([A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,})/i,
  /\b(?:connect(?:ion)? to|Connected to)\s+([A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,})/i,
  /\bhost\s+([A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,})\s+said/i,
  /^(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}) does not like/m,
  // the host name comes first here: bounded, so a long run of name characters is not rescanned
  /(?:^|\s)([A-Za-z0-9][A-Za-z0-9.-]{0,252}\.[A-Za-z]{2,63})\.? \[[0-9A-Fa-f.:]{2,45}\]:? did not like/,
  /\bSMTP error from remote (?:mail )?server (?:after|for) [^:\n]{0,200}:\s*host:\s*([A-Za-z0-9][A-Za-z0-9.-]{0,252}\.[A-Za-z]{2,63})/i,
];

const ANY_REMOTE_HOST = anyMayMatch(REMOTE_HOSTS);

export function findRemoteHost(text: string | null | undefined): string | null {
  if (!text || !ANY_REMOTE_HOST.test(text)) return null;
  for (const re of REMOTE_HOSTS) {
    const m = re.exec(text);
    if (m) return m[1].toLowerCase();
  }
  return null;
}

/** The last text made one line, and its line: a report's text is asked for again and again in a
 * row (the last resort's tests of one report, a recipient block's host and command). */
let lastText: string | null = null;
let lastLine = '';

/** Lines joined into one, white space collapsed. */
export function oneLine(lines: string[] | string): string {
  if (Array.isArray(lines)) return collapseSpace(lines.join(' ')).trim();
  if (lines !== lastText) {
    lastLine = collapseSpace(lines).trim();
    lastText = lines;
  }
  return lastLine;
}
