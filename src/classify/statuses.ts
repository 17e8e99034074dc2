/**
 * Enhanced status codes that name a reason, gathered from the reasons' own modules. Keys are either
 * a full code ('4.2.1') or a class-independent 'subject.detail' ('2.2'); a full code wins. The
 * mapping follows the conventions of Sisimai::SMTP::Status (the reference our labels come from) and
 * the registry meanings. Codes that servers reuse for many things (X.0.0, 4.7.0, X.5.x except a few)
 * name no reason, and some mapped ones are only a first guess that the server's text may overrule
 * (VAGUE_STATUS_REASONS).
 */
import type { Reason } from '../vocabulary/reasons.js';
import { REASON_RULES } from './reasons/index.js';

export const STATUS_REASONS: Readonly<Record<string, Reason>> = Object.fromEntries(
  REASON_RULES.flatMap((r) => (r.statuses ?? []).map((code) => [code, r.reason] as const)),
);

/** Reasons a status names only vaguely: the server's text is tried first and wins when it says more. */
export const VAGUE_STATUS_REASONS: ReadonlySet<Reason> = new Set(
  REASON_RULES.filter((r) => r.statusDecides === 'after-all-words').map((r) => r.reason),
);

const STATUS_RE = /^([245])\.(\d{1,3})\.(\d{1,3})$/;

/** Reason implied by an exact 'C.S.D' code, or null when the text must decide. */
export function reasonForStatus(status: string): Reason | null {
  return statusEntry(status)?.reason ?? null;
}

/** The reason and the entry ('5.2.1', or '1.1' for any class) that names it. */
export function statusEntry(status: string): { reason: Reason; key: string } | null {
  const m = STATUS_RE.exec(status);
  if (!m) return null;
  // any 2.X.X means the message got through, whatever the subject (e.g. 2.6.4 conversion with loss)
  if (m[1] === '2') return { reason: 'delivered', key: '2' };
  const sd = `${Number(m[2])}.${Number(m[3])}`;
  const full = `${m[1]}.${sd}`;
  const key = full in STATUS_REASONS ? full : sd in STATUS_REASONS ? sd : null;
  return key ? { reason: STATUS_REASONS[key]!, key } : null;
}
