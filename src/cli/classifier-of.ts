// The classifier of the configured rule files (`[classify] rules`), for the commands that classify
// (parse, classify, rules, config check). Taken from the parser entry, which the build ships as one
// bundled file (scripts/bundle-parser.mjs): `rebound parse` then loads the parser as one module,
// not ~150, and serve (which never asks for this) does not load it twice.
import type { Command } from 'commander';
import { type Classifier, createClassifier } from '../parser.js';
import { loadRuleFiles } from '../config/rule-files.js';
import { configOrExit, settings } from './settings.js';

let classifier: Classifier | undefined;

/** The classifier of the configured rule files; a bad file ends the process (exit 2). */
export function classifierOf(cmd: Command): Classifier {
  return (classifier ??= configOrExit(() => createClassifier(loadRuleFiles(settings(cmd).classify.rules))));
}
