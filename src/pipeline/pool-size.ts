// How many parse threads a bulk command starts by default: one core is left to the thread that
// reads and writes, and more than four added memory more than speed. A leaf module, so that
// `rebound parse` can offer the option without loading the parse pool (and, through it, the parser's
// unbundled modules).
import { availableParallelism } from 'node:os';

export function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}
