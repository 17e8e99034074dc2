// README.md against the CLI: every command's options are described where README speaks of the
// command, and the example commands run in a checkout read files that exist.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { buildProgram } from '../src/cli/program.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const README = readFileSync(`${ROOT}README.md`, 'utf8');

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
    for (const { name, cmd } of commands(buildProgram())) {
      const about = paragraphs.filter((p) => p.includes(`\`rebound ${name}`) || p.includes(`**\`rebound ${name}`)).join('\n');
      for (const o of cmd.options) {
        if (o.long && !about.includes(o.long)) missing.push(`rebound ${name} ${o.long}`);
      }
    }
    const globals = buildProgram().options.map((o) => o.long!).filter((l) => !README.includes(l));
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
