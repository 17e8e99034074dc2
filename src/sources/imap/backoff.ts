// Reconnect delays: exponential backoff with full jitter (a random delay between 0 and the
// exponential bound), so that many pollers that lost the same server do not return all at once.

export interface BackoffOptions {
  /** the bound for the first retry (default 1 s) */
  baseMs?: number;
  /** the bound never grows past this (default 60 s) */
  maxMs?: number;
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = { baseMs: 1_000, maxMs: 60_000 };

/** The delay before retry number `attempt` (0 for the first retry after a failure). */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}, random: () => number = Math.random): number {
  const { baseMs, maxMs } = { ...DEFAULT_BACKOFF, ...opts };
  const bound = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * bound);
}
