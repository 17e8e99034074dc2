// The configuration as the commands see it: loaded once per process from `--config FILE` (or
// REBOUND_CONFIG, ./config/rebound.toml, the defaults) and the environment, with the global `--db`
// winning over everything for the database. A setting that cannot be used ends the process here,
// with exit status 2 and one line naming it.
import type { Command } from 'commander';
import { ConfigError } from '../config/error.js';
import { type LoadedConfig, loadConfig } from '../config/load.js';
import { log } from '../log.js';

let loaded: LoadedConfig | undefined;

/** `warn`: log the REBOUND_* variables that set nothing (serve does; `config check` prints them). */
export function settings(cmd: Command, opts: { warn?: boolean } = {}): LoadedConfig {
  if (loaded) return loaded;
  const o = cmd.optsWithGlobals<{ config?: string; db?: string }>();
  const c = configOrExit(() => loadConfig({ file: o.config, env: process.env, cwd: process.cwd() }));
  if (o.db) c.store.path = o.db;
  log.level = c.log.level;
  if (opts.warn) for (const variable of c.source.unknownEnv) log.warn({ variable }, 'environment variable ignored: it is not a setting (a misspelling?)');
  if (opts.warn) for (const note of c.source.deprecated) log.warn({ file: c.source.file }, note);
  loaded = c;
  return c;
}

export function configOrExit<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof ConfigError) exitWithConfigError(err);
    throw err;
  }
}

export function formatConfigError(err: ConfigError): string {
  const where = err.file && err.setting ? ` (in ${err.file})` : '';
  return `rebound: ${err.setting ? 'bad setting ' : ''}${err.message}${where}`;
}

export function exitWithConfigError(err: ConfigError): never {
  process.stderr.write(formatConfigError(err) + '\n');
  process.exit(2);
}
