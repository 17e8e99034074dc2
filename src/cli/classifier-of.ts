// The classifier of the configured rule files (`[classify] rules`), for the commands that classify
// (parse, classify, rules, config check). Taken from the parser entry, which the build ships as one
// bundled file (scripts/bundle-parser.mjs): `rebound parse` then loads the parser as one module,
// not ~150, and serve (which never asks for this) does not load it twice. With nothing configured
// (no configuration file, no REBOUND_* variable), the built-in rules, without loading the
// configuration and its schemas: for a short `rebound parse` that was a third of its start-up.
import type { Command } from 'commander';
import { BUILTIN_CLASSIFIER, type Classifier, createClassifier } from '../parser.js';
import { locateConfig } from '../config/locate.js';

let classifier: Classifier | undefined;

/** The classifier of the configured rule files; a bad file (or setting) ends the process (exit 2). */
export async function classifierOf(cmd: Command): Promise<Classifier> {
  if (classifier) return classifier;
  if (nothingConfigured(cmd)) return (classifier = BUILTIN_CLASSIFIER);
  const [{ loadRuleFiles }, { configOrExit, settings }] = await Promise.all([import('../config/rule-files.js'), import('./settings.js')]);
  return (classifier = configOrExit(() => createClassifier(loadRuleFiles(settings(cmd).classify.rules))));
}

/** No configuration file (`--config`, REBOUND_CONFIG, ./config/rebound.toml) and no REBOUND_*
 * variable: every setting is its default, and the default rule files are none. */
function nothingConfigured(cmd: Command): boolean {
  if (cmd.optsWithGlobals<{ config?: string }>().config !== undefined) return false;
  if (Object.keys(process.env).some((k) => k.startsWith('REBOUND_') && process.env[k]?.trim())) return false;
  return locateConfig(undefined, process.env, process.cwd()) === null;
}
