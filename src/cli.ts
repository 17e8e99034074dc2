#!/usr/bin/env node
import { CommanderError } from 'commander';
import { buildProgram } from './cli/program.js';
import { tuneV8 } from './v8-tuning.js';

// before the commands' modules load, so before any of the parser's code runs (v8-tuning.ts)
tuneV8();

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
