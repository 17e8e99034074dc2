// V8 settings for a Rebound process, set once at its start, before the parser's modules load: they
// hold for the whole process, worker threads included. The CLI sets them; a benchmark that runs a
// command's code in its own process sets them too, so that it measures what the command runs.
import { setFlagsFromString } from 'node:v8';

let done = false;

export function tuneV8(): void {
  if (done) return;
  done = true;
  // V8 runs a regular expression's first matches in its interpreter and compiles it to machine
  // code only once it proves hot. The parser's hundreds of expressions nearly all run on every
  // message, so the interpreted runs were only cost: compiled at first use, a cold parse of the 394
  // corpus files took 270–300 ms instead of 340–360.
  setFlagsFromString('--no-regexp-tier-up');
  // The optimising compiler (TurboFan) inlined up to 920 bytes of bytecode into each function it
  // compiled; the parser's few large functions (the decoder loop, the report's assembly) then took
  // 50–60 ms each to compile, again after each deoptimisation: about 0.9 s of CPU in a run over
  // 3,940 messages, on a background thread that competes with the parse and the writes once both
  // cores are busy (ingest, serve, poll). At 100 bytes: about 40% less compiling, 7–10% less CPU
  // for a long parse, the same messages per second.
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=100');
  // And it compiled a function once it had used up a budget of 67,584 (about that many bytes of
  // bytecode run). At about six times that, fewer functions are compiled twice on the way (first
  // without, then with what later calls taught), and those of a few uses are not compiled at all:
  // in runs of 3,940 to 11,820 messages, 8–13% less CPU for ingest and parse, as fast or faster on
  // the wall clock. A long-running server reaches the same compiled code a little later.
  setFlagsFromString('--interrupt-budget=400000');
}
