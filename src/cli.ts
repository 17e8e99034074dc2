#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { CommanderError } from 'commander';
import { buildProgram } from './cli/program.js';

// V8 runs a regular expression's first matches in its interpreter and compiles it to machine code
// only once it proves hot. The parser's hundreds of expressions nearly all run on every message, so
// the interpreted runs were only cost: compiled at first use, a cold parse of the 394 corpus files
// took 270–300 ms instead of 340–360. Set before the commands' modules load, so before any of the
// parser's expressions runs; it holds for the whole process, worker threads included.
setFlagsFromString('--no-regexp-tier-up');

// the reader went away (`rebound parse ... | head`): nothing more to say, and nothing went wrong here
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const program = await buildProgram(process.argv.slice(2));
try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (!(err instanceof CommanderError)) throw err;
  // --help and --version end with 0; the help printed for a missing command is a usage error too
  process.exitCode = err.exitCode === 0 ? 0 : 2;
}
