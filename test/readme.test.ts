// README.md against the CLI: every command's options are described where README speaks of the
// command, and the example commands run in a checkout read files that exist.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { registerGlobalOptions } from '../src/cli/common.js';
import { registerServe } from '../src/cli/serve.js';
import { registerConfig } from '../src/cli/config.js';
import { registerReturnPath } from '../src/cli/return-path.js';
import { registerParse } from '../src/cli/parse.js';
import { registerExplain } from '../src/cli/explain.js';
import { registerIngest } from '../src/cli/ingest.js';
import { registerExport } from '../src/cli/export.js';
import { registerStats } from '../src/cli/stats.js';
import { registerReparse } from '../src/cli/reparse.js';
import { registerMigrate } from '../src/cli/migrate.js';
import { registerPoll } from '../src/cli/poll.js';
import { registerSuppress, registerUnsuppress, registerCheck, registerShow } from '../src/cli/addresses.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const README = readFileSync(`${ROOT}README.md`, 'utf8');

function program(): Command {
  const p = new Command('rebound');
  registerGlobalOptions(p);
  for (const register of [registerServe, registerConfig, registerReturnPath, registerParse, registerExplain, registerIngest, registerExport, registerStats, registerReparse, registerMigrate, registerPoll, registerSuppress, registerUnsuppress, registerCheck, registerShow]) {
    register(p);
  }
  return p;
}

/** every command with its full name (`config check`) */
function commands(cmd: Command, prefix = ''): Array<{ name: string; cmd: Command }> {
  return cmd.commands.flatMap((c) => {
    const name = `${prefix}${c.name()}`;
    return [{ name, cmd: c }, ...commands(c, `${name} `)];
  });
}

describe('README.md', () => {
  it("describes every option of every command where it speaks of the command", () => {
    const paragraphs = README.split(/\n\s*\n/);
    const missing: string[] = [];
    for (const { name, cmd } of commands(program())) {
      const about = paragraphs.filter((p) => p.includes(`\`rebound ${name}`) || p.includes(`**\`rebound ${name}`)).join('\n');
      for (const o of cmd.options) {
        if (o.long && !about.includes(o.long)) missing.push(`rebound ${name} ${o.long}`);
      }
    }
    const globals = program().options.map((o) => o.long!).filter((l) => !README.includes(l));
    expect([...missing, ...globals]).toEqual([]);
  });

  it('runs its checkout examples on files that exist', () => {
    const examples = README.split('\n').filter((l) => /^\s+\$ npx rebound /.test(l));
    expect(examples.length).toBeGreaterThan(5);
    for (const line of examples) {
      for (const path of line.match(/(?<=\s)(?:fixtures|config|test)\/[^\s;|]*/g) ?? []) {
        expect(existsSync(`${ROOT}${path.replace(/\*\.eml$/, '')}`), `${line.trim()}: ${path}`).toBe(true);
      }
    }
  });
});
