// Comparing a secret the request gives with the one expected without telling, by the time it
// takes, how much of it was right: both are hashed to the same length first.
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (b: Buffer | string) => createHash('sha256').update(b).digest();

export function secretEquals(given: Buffer | string, expected: Buffer | string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** Whether `t` (unix seconds) is within `toleranceSeconds` of `now`. */
export function withinWindow(t: number, now: number, toleranceSeconds: number): boolean {
  return Number.isFinite(t) && Math.abs(now - t) <= toleranceSeconds;
}

/** The outcome of a check: a failure says why, for the 401/403 answer and the log. */
export type Verified = { ok: true } | { ok: false; status: 401 | 403; why: string };
export const OK: Verified = { ok: true };
export const missing = (why: string): Verified => ({ ok: false, status: 401, why });
export const refused = (why: string): Verified => ({ ok: false, status: 403, why });
