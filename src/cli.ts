#!/usr/bin/env node
import { Command } from 'commander';
import { registerExplain } from './cli/explain.js';
import { registerParse } from './cli/parse.js';
import { registerDbOption } from './cli/common.js';
import { registerIngest } from './cli/ingest.js';
import { registerExport } from './cli/export.js';
import { registerStats } from './cli/stats.js';
import { registerReparse } from './cli/reparse.js';
import { registerMigrate } from './cli/migrate.js';
import { registerPoll } from './cli/poll.js';
import { registerSuppress, registerUnsuppress, registerCheck, registerShow } from './cli/addresses.js';

const program = new Command('rebound');
program.description('Bounce-message ingestion: parse, classify, store, suppress, export');
registerDbOption(program);
program.command('serve').description('run the SMTP listener').action(() => {
  console.error('serve is not built yet');
});
registerParse(program);
registerExplain(program);
registerIngest(program);
registerExport(program);
registerStats(program);
registerReparse(program);
registerMigrate(program);
registerPoll(program);
registerSuppress(program);
registerUnsuppress(program);
registerCheck(program);
registerShow(program);
await program.parseAsync(process.argv);
