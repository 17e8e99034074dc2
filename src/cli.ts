#!/usr/bin/env node
import { Command } from 'commander';
import { registerDbOption } from './cli/common.js';
import { registerIngest } from './cli/ingest.js';
import { registerServe } from './cli/serve.js';
import { registerReturnPath } from './cli/return-path.js';
import { registerExport } from './cli/export.js';
import { registerStats } from './cli/stats.js';
import { registerReparse } from './cli/reparse.js';
import { registerMigrate } from './cli/migrate.js';
import { registerSuppress, registerUnsuppress, registerCheck, registerShow } from './cli/addresses.js';

const program = new Command('rebound');
program.description('Bounce-message ingestion: parse, classify, store, suppress, export');
registerDbOption(program);
registerServe(program);
registerReturnPath(program);
registerIngest(program);
registerExport(program);
registerStats(program);
registerReparse(program);
registerMigrate(program);
registerSuppress(program);
registerUnsuppress(program);
registerCheck(program);
registerShow(program);
await program.parseAsync(process.argv);
