// Adding one `[[phrase]]` to a rule file (from the dashboard's review queue). The new table is
// appended to the file's text as it is, so its comments and layout stay; the whole new text is
// checked as `rebound rules check` would (reason, keys, a safe pattern...), and only then does the
// file change, replaced whole (AtomicFile: a temporary file beside it, flushed, renamed), so a reader
// (serve's reload, another process) sees the old file or the new one, never half of one.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringify } from 'smol-toml';
import { ConfigError } from './error.js';
import { parseRuleText } from './rule-files.js';
import { AtomicFile } from '../export/atomic-file.js';
import type { UserPhrase, UserRules } from '../classify/user-rules.js';

/** A phrase as a rule file writes it (rule-files.ts checks it) */
export interface PhraseInput {
  reason: string;
  text?: string;
  pattern?: string;
  commands?: string[];
  status?: string;
  provider?: string;
  type?: string;
}

/** Shorter than this, a substring matches nearly any reply: refused */
export const MIN_TEXT_LENGTH = 4;

export interface AppendedPhrase {
  /** the file's new text */
  text: string;
  /** every rule of the new text */
  rules: UserRules;
  /** the new one, with its id (`rules/local.toml:31`) */
  phrase: UserPhrase;
}

/**
 * The file's text with `input` appended as a `[[phrase]]` after a `# comment` line, checked.
 * `name` is how ids and errors name the file. A ConfigError says what is wrong.
 */
export function appendPhraseText(current: string, name: string, input: PhraseInput, comment: string): AppendedPhrase {
  // the file must be good before: else the error would point at a line the person did not write
  const before = parseRuleText(current, name);
  const text = input.text?.trim();
  if (text !== undefined && text.length < MIN_TEXT_LENGTH) {
    throw new ConfigError(`text: "${text}" is too short (at least ${MIN_TEXT_LENGTH} characters): it would match almost any reply`);
  }
  const entry = stringify({ phrase: [Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== ''))] });
  const gap = current === '' || current.endsWith('\n\n') ? '' : current.endsWith('\n') ? '\n' : '\n\n';
  const next = `${current}${gap}# ${comment.replace(/[\r\n]+/g, ' ')}\n${entry}`;
  const rules = parseRuleText(next, name);
  const phrase = rules.phrases.at(-1);
  if (!phrase || rules.phrases.length !== before.phrases.length + 1) throw new ConfigError(`${name}: the new rule could not be read back`);
  return { text: next, rules, phrase };
}

/** The rule file's text (`cwd` resolves a relative path, as the classifier's loading does). */
export function readRuleText(path: string, cwd = process.cwd()): string {
  try {
    return readFileSync(resolve(cwd, path), 'utf8');
  } catch (err) {
    throw new ConfigError(`${path}: cannot read the rule file: ${(err as Error).message}`, undefined, path);
  }
}

/** Replace the file whole with `text`. */
export function writeRuleText(path: string, text: string, cwd = process.cwd()): void {
  const f = new AtomicFile(resolve(cwd, path));
  f.write(text);
  f.commit();
}
