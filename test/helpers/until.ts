// Polling for what a real process or a background loop does in its own time: read a value until
// it satisfies `ok`, or fail naming what was awaited and the last value seen.
import { setTimeout as wait } from 'node:timers/promises';

export interface UntilOptions {
  /** what the test awaits, for the error message */
  label?: string;
  /** give up after this long (default 30 s) */
  ms?: number;
  /** between reads (default 50 ms) */
  everyMs?: number;
}

export async function until<T>(read: () => T | Promise<T>, ok: (v: T) => boolean = Boolean, opts: UntilOptions = {}): Promise<T> {
  const { label = 'the condition', ms = 30_000, everyMs = 50 } = opts;
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${label}; last value: ${JSON.stringify(v)}`);
    await wait(everyMs);
  }
}
