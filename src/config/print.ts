// `rebound config print`: the effective configuration as TOML or JSON, secrets masked. Keys that
// are not set (no default) are left out, so the output can be read back as a configuration file.
import { stringify } from 'smol-toml';
import { type Config, SECTION_NAMES } from './sections.js';
import type { ConfigSource } from './load.js';
import { SECRET_KEYS } from './settings.js';

export const MASK = '********';

/** A copy with every value under a secret key replaced by MASK, and unset keys left out. */
export function masked(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => masked(v, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, masked(v, k)]),
    );
  }
  return key !== undefined && SECRET_KEYS.has(key) ? MASK : value;
}

/** The sections only (not `source`), masked. */
export function printableConfig(config: Config): Record<string, unknown> {
  return Object.fromEntries(SECTION_NAMES.map((s) => [s, masked(config[s])]));
}

export function configAsToml(config: Config, source: ConfigSource): string {
  const head = source.file ? `# read from ${source.file} (${source.from})` : '# no configuration file: built-in defaults';
  const env = source.env.length ? `\n# set by the environment: ${source.env.join(', ')}` : '';
  return `${head}${env}\n# secrets are shown as ${MASK}\n\n${stringify(printableConfig(config))}\n`;
}

export function configAsJson(config: Config): string {
  return JSON.stringify(printableConfig(config), null, 2) + '\n';
}
