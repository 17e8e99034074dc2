// A server's reply text cut into its parts: `550-5.1.1 The account ... 550 5.1.1 ...` gives reply
// code 550, enhanced status 5.1.1 and the text with the repeated prefixes removed.
import { collapseSpace } from '../collapse-space.js';

export interface SplitDiagnostic {
  smtpCode: number | null;
  status: string | null;
  text: string;
}

// a code followed by a plain number is a phone number's or a count's digits ("+1 555 0100"), not a
// reply (a status after it, "550 5.1.1", is not a plain number)
const REPLY = /(?:^|[\s(:;"'\[“‘«「『：])([245][0-5][0-9])(?![\s-]+\d+(?!\.\d|\d))(?:[\s-]+\S)/;
// X.Y.Z with a sensible class; not part of an IP address or version number
const STATUS = /(?:^|[^\d.])([245]\.\d{1,3}\.\d{1,3})(?![\d.]*\d)/;
// a failure code alone ("<<< 421") is a reply too
const LEADING = /^\s*([245][0-5]\d)(?:[ :-]+(?=\S)|$(?<=^\s*[45]\d\d))(?:\(?#?([245]\.\d{1,3}\.\d{1,3})\)?[ :]*)?/;

export function findStatus(text: string): string | null {
  const m = STATUS.exec(text);
  return m ? normaliseStatus(m[1]) : null;
}

export function normaliseStatus(s: string): string | null {
  const m = /^([245])\.(\d{1,3})\.(\d{1,3})$/.exec(s.trim());
  if (!m) return null;
  return `${m[1]}.${Number(m[2])}.${Number(m[3])}`;
}

/** The first reply code at the start of the text or of a line, or after `said:`, `<<<`, `host ... :` */
export function findReplyCode(text: string): number | null {
  const lead = LEADING.exec(text);
  if (lead) return Number(lead[1]);
  const m =
    /(?:<<<|said:|said\s|reply:|replied:|response:|error:|error[_ ]code ?:|\]:|\):)\s*#?([245][0-5][0-9])(?:[\s,-]|$)/i.exec(text) ??
    /(?:^|\n)\s*#?([245][0-5][0-9])(?![\s-]+\d+(?!\.\d|\d))(?:[\s-]+\S)/.exec(text);
  if (m) return Number(m[1]);
  const any = REPLY.exec(text);
  return any ? Number(any[1]) : null;
}

// the prefix patterns by code and status, compiled once each (a few hundred pairs are in use);
// global, but only given to replace(), which starts each time from the beginning
const PREFIXES = new Map<string, RegExp>();
function prefixOf(smtpCode: number, status: string | null): RegExp {
  const key = `${smtpCode} ${status ?? ''}`;
  let re = PREFIXES.get(key);
  if (!re) {
    re = new RegExp(`(^|\\s)${smtpCode}(?:[ -]|: ?)(?:#?${status ? status.replace(/\./g, '\\.') : '[245]\\.\\d+\\.\\d+'}\\s*)?`, 'g');
    if (PREFIXES.size < 1000) PREFIXES.set(key, re);
  }
  return re;
}

export function splitDiagnostic(raw: string | null): SplitDiagnostic {
  if (!raw) return { smtpCode: null, status: null, text: '' };
  let text = collapseSpace(raw).trim();
  const smtpCode = findReplyCode(text);
  const status = findStatus(text);
  // drop "550-5.1.1 " / "550 5.1.1 " / "554: " prefixes that multi-line replies repeat on every line
  if (smtpCode) {
    const rep = prefixOf(smtpCode, status);
    const cleaned = collapseSpace(text.replace(rep, '$1')).trim();
    if (cleaned) text = cleaned;
  }
  return { smtpCode, status, text };
}

/** Consistent code pair: a reply code whose class contradicts the status is dropped. */
export function codeClass(code: number | null): 2 | 4 | 5 | null {
  if (code === null) return null;
  const c = Math.floor(code / 100);
  return c === 2 || c === 4 || c === 5 ? c : null;
}
