// rebound config check | print: the configuration as `serve` would see it. `check` validates (exit
// 0 and which file was read, or exit 2 naming the key at fault, or the rule file and line); `print` writes the effective
// configuration, defaults and environment included, as TOML (or JSON) with secrets masked.
import type { Command } from 'commander';
import { configAsJson, configAsToml } from '../config/print.js';
import { settings } from './settings.js';
import { classifierOf } from './classifier-of.js';

export function registerConfig(program: Command): void {
  const config = program.command('config').description('check or print the configuration (--config FILE, REBOUND_CONFIG, ./config/rebound.toml)');
  config
    .command('check')
    .description('validate the configuration file and REBOUND_* variables; exit status 2 when a setting cannot be used')
    .action(async (_opts: unknown, cmd: Command) => {
      const c = settings(cmd);
      // the rule files are part of the configuration: a bad one exits 2 naming its line
      await classifierOf(cmd);
      for (const v of c.source.unknownEnv) process.stderr.write(`rebound: warning: ${v} is not a setting and is ignored (a misspelling?)\n`);
      for (const note of c.source.deprecated) process.stderr.write(`rebound: warning: ${note}\n`);
      const from = c.source.file ? `${c.source.file} (${c.source.from})` : 'no configuration file, built-in defaults';
      const env = c.source.env.length ? `, ${c.source.env.length} setting${c.source.env.length > 1 ? 's' : ''} from the environment` : '';
      const rules = c.classify.rules.length ? `, ${c.classify.rules.length} rule file${c.classify.rules.length > 1 ? 's' : ''}` : '';
      process.stdout.write(`configuration ok: ${from}${env}${rules}\n`);
    });
  config
    .command('print')
    .description('print the effective configuration (secrets masked)')
    .option('--json', 'as JSON instead of TOML')
    .action((opts: { json?: boolean }, cmd: Command) => {
      const c = settings(cmd);
      process.stdout.write(opts.json ? configAsJson(c) : configAsToml(c, c.source));
    });
}
