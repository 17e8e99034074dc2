#!/usr/bin/env node
import { Command } from 'commander';

const program = new Command('rebound');
program.description('Bounce-message ingestion: parse, classify, store, suppress, export');
program.command('serve').description('run the SMTP listener').action(() => {
  console.error('serve is not built yet');
});
await program.parseAsync(process.argv);
