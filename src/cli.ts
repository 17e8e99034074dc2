#!/usr/bin/env node
import { Command } from 'commander';
import { registerExplain } from './cli/explain.js';
import { registerParse } from './cli/parse.js';

const program = new Command('rebound');
program.description('Bounce-message ingestion: parse, classify, store, suppress, export');
program.command('serve').description('run the SMTP listener').action(() => {
  console.error('serve is not built yet');
});
registerParse(program);
registerExplain(program);
await program.parseAsync(process.argv);
