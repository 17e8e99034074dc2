// loadConfig from variables alone: a working directory without config/rebound.toml, so only the
// test's variables (and the defaults) count.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ConfigError } from '../../src/config/error.js';
import { type LoadedConfig, loadConfig } from '../../src/config/load.js';

const EMPTY = mkdtempSync(join(tmpdir(), 'rebound-noconfig-'));

export function configFromEnv(env: Record<string, string>): LoadedConfig {
  return loadConfig({ env, cwd: EMPTY });
}

/** The ConfigError `fn` throws. */
export function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('no error');
}
