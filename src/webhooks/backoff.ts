// How long to wait after a failed delivery: exponential (initial × 2^(n-1)), capped, with jitter
// (between half and all of it) so that many events failing together do not retry together.
export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/** The wait after the `failures`-th failure in a row (1 = the first). */
export function backoffMs(failures: number, b: Backoff, random: () => number = Math.random): number {
  const exp = b.initialMs * 2 ** Math.min(Math.max(failures - 1, 0), 40);
  const capped = Math.min(b.maxMs, exp);
  return Math.round(capped * (0.5 + random() / 2));
}
