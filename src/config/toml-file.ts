// Reading the configuration file: TOML (smol-toml). A syntax error names the file, the line and
// the column; a file that cannot be read names the file.
import { readFileSync } from 'node:fs';
import { parse, TomlError } from 'smol-toml';
import { ConfigError } from './error.js';

export function readTomlFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read the configuration file: ${(err as Error).message}`, undefined, path);
  }
  try {
    return parse(text) as Record<string, unknown>;
  } catch (err) {
    if (!(err instanceof TomlError)) throw err;
    // the library's message carries a multi-line excerpt after its first line
    const what = err.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    throw new ConfigError(`${path}: line ${err.line}, column ${err.column}: not valid TOML: ${what}`, undefined, path);
  }
}
