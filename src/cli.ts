#!/usr/bin/env node
import { Command } from 'commander';
import { registerExplain } from './cli/explain.js';
import { registerParse } from './cli/parse.js';
import { registerGlobalOptions } from './cli/common.js';
import { registerConfig } from './cli/config.js';
import { registerServe } from './cli/serve.js';
import { registerReturnPath } from './cli/return-path.js';
import { registerIngest } from './cli/ingest.js';
import { registerExport } from './cli/export.js';
import { registerStats } from './cli/stats.js';
import { registerReparse } from './cli/reparse.js';
import { registerMigrate } from './cli/migrate.js';
import { registerStore } from './cli/store.js';
import { registerPoll } from './cli/poll.js';
import { registerSuppress, registerUnsuppress, registerCheck, registerShow } from './cli/addresses.js';

// the reader went away (`rebound parse ... | head`): nothing more to say, and nothing went wrong here
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const program = new Command('rebound');
program.description('Bounce-message ingestion: parse, classify, store, suppress, export');
registerGlobalOptions(program);
registerServe(program);
registerConfig(program);
registerReturnPath(program);
registerParse(program);
registerExplain(program);
registerIngest(program);
registerExport(program);
registerStats(program);
registerReparse(program);
registerMigrate(program);
registerStore(program);
registerPoll(program);
registerSuppress(program);
registerUnsuppress(program);
registerCheck(program);
registerShow(program);
await program.parseAsync(process.argv);
