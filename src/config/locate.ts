// Which configuration file is read: `--config FILE`, else REBOUND_CONFIG, else
// ./config/rebound.toml when it is there, else none (built-in defaults and the environment). A
// file named by --config or REBOUND_CONFIG must exist: a typo there must not silently fall back
// to the defaults.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from './error.js';

export const DEFAULT_CONFIG_FILE = 'config/rebound.toml';

export interface Located {
  path: string;
  /** how it was chosen */
  from: '--config' | 'REBOUND_CONFIG' | 'default';
}

export function locateConfig(file: string | undefined, env: NodeJS.ProcessEnv, cwd: string): Located | null {
  const named = file ? { given: file, from: '--config' as const } : env.REBOUND_CONFIG?.trim() ? { given: env.REBOUND_CONFIG.trim(), from: 'REBOUND_CONFIG' as const } : null;
  if (named) {
    const path = resolve(cwd, named.given);
    if (!existsSync(path)) throw new ConfigError(`got ${JSON.stringify(named.given)}: expected a configuration file, and there is no such file`, named.from);
    if (!statSync(path).isFile()) throw new ConfigError(`got ${JSON.stringify(named.given)}: expected a configuration file, and this is not a file`, named.from);
    return { path, from: named.from };
  }
  const path = resolve(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(path) ? { path, from: 'default' } : null;
}
