// loadConfig: the one place settings come from. The file (see locate.ts) gives each section, the
// environment overrides it key by key (see env-names.ts for the names), and each section's zod
// schema validates the result and fills in the defaults. The first problem is a ConfigError that
// names the variable when the value came from the environment, else the file's `section.key`.
import { ConfigError } from './error.js';
import { allVariableNames, envVarsOf } from './env-names.js';
import { type Located, locateConfig } from './locate.js';
import { type Config, SECTIONS, SECTION_NAMES, type SectionName } from './sections.js';
import { type EnvVar, inputFromEnv, keyName, parseSection, setPath } from './settings.js';
import { returnPathKeysFromEnv } from './return-path.js';
import { readTomlFile } from './toml-file.js';

export type { Config };

export interface ConfigSource {
  /** the file read (absolute path); null: built-in defaults and the environment only */
  file: string | null;
  /** how the file was chosen */
  from: Located['from'] | null;
  /** the variables that set something */
  env: string[];
  /** REBOUND_* variables that set nothing (misspelt?), for a warning */
  unknownEnv: string[];
  /** settings read under an older name (`[smtp.returnPath]`), for a warning */
  deprecated: string[];
}

export type LoadedConfig = Config & { source: ConfigSource };

export interface LoadOptions {
  /** `--config FILE` */
  file?: string;
  /** default process.env */
  env?: NodeJS.ProcessEnv;
  /** relative file names are taken from here; default process.cwd() */
  cwd?: string;
}

type Input = Record<string, unknown>;

export function loadConfig(opts: LoadOptions = {}): LoadedConfig {
  const env = opts.env ?? process.env;
  const located = locateConfig(opts.file, env, opts.cwd ?? process.cwd());
  const file = located?.path;
  const doc = located ? readTomlFile(located.path) : {};
  checkSections(doc, file);
  const deprecated = moveLegacyReturnPath(doc, file);
  const used: string[] = [];
  const config = {} as Record<SectionName, unknown>;
  for (const section of SECTION_NAMES) {
    const vars = envVarsOf(section);
    const fromEnv = inputFromEnv(env, vars);
    const set = vars.filter((v) => env[v.name]?.trim());
    if (section === 'returnPath') {
      const keys = returnPathKeysFromEnv(env);
      if (keys) {
        setPath(fromEnv, ['keys'], keys);
        set.push({ name: env.REBOUND_VERP_KEYS?.trim() ? 'REBOUND_VERP_KEYS' : 'REBOUND_VERP_SECRET', path: ['keys'], kind: 'list' });
      }
    }
    used.push(...set.map((v) => v.name));
    const fileInput = doc[section];
    const input = section === 'imap' ? intoFirstMailbox(fileInput, fromEnv) : merge(fileInput ?? {}, fromEnv);
    try {
      config[section] = parseSection(SECTIONS[section], input, namer(section, fileInput, vars, set));
    } catch (err) {
      throw inFile(err, file);
    }
  }
  checkAcross(config as Config, file);
  const known = allVariableNames();
  const unknownEnv = Object.keys(env).filter((k) => k.startsWith('REBOUND_') && env[k]?.trim() && !known.has(k)).sort();
  return { ...(config as Config), source: { file: file ?? null, from: located?.from ?? null, env: used, unknownEnv, deprecated } };
}

/** Settings that must agree across sections. */
function checkAcross(c: Config, file: string | undefined): void {
  // the dashboard writes rules only into a file the classifier reads (else a rule would do nothing)
  const f = c.ui.rulesFile;
  if (f !== undefined && !c.classify.rules.includes(f)) {
    throw new ConfigError(`"${f}" is not among [classify] rules (${c.classify.rules.map((r) => `"${r}"`).join(', ') || 'none'}): add it there too`, 'ui.rulesFile', file);
  }
}

function checkSections(doc: Input, file: string | undefined): void {
  for (const [name, value] of Object.entries(doc)) {
    if (!(name in SECTIONS)) {
      throw new ConfigError(`unknown section: expected one of ${SECTION_NAMES.join(', ')}`, name, file);
    }
    const isTable = !!value && typeof value === 'object' && !Array.isArray(value);
    if (name === 'imap' ? !Array.isArray(value) : !isTable) {
      const got = Array.isArray(value) ? 'a list' : isTable ? 'a table' : JSON.stringify(value);
      const expected = name === 'imap' ? '[[imap]] tables, one per mailbox' : `a [${name}] table`;
      throw new ConfigError(`got ${got}: expected ${expected}`, name, file);
    }
  }
}

/**
 * `[smtp.returnPath]` (earlier releases) is read as `[returnPath]`, with a warning; both at once is
 * an error (which one should win is not for us to guess).
 */
function moveLegacyReturnPath(doc: Input, file: string | undefined): string[] {
  const smtp = doc.smtp;
  if (!isTable(smtp) || !('returnPath' in smtp)) return [];
  if ('returnPath' in doc) throw new ConfigError('given twice: [smtp.returnPath] is the old name of [returnPath]; keep only [returnPath]', 'smtp.returnPath', file);
  const { returnPath, ...rest } = smtp;
  doc.smtp = rest;
  doc.returnPath = returnPath;
  return ['[smtp.returnPath] is now [returnPath] (same keys): rename the table'];
}

/** The REBOUND_IMAP_* variables set (or define) the first mailbox. */
function intoFirstMailbox(fileInput: unknown, fromEnv: Input): unknown {
  const list = Array.isArray(fileInput) ? [...(fileInput as unknown[])] : [];
  if (Object.keys(fromEnv).length) list[0] = merge(list[0] ?? {}, fromEnv);
  return list;
}

/** `over` on top of `base`: tables merged key by key, anything else (lists too) replaced. */
function merge(base: unknown, over: Input): unknown {
  if (!isTable(base)) return over;
  const out: Input = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isTable(v) && isTable(out[k]) ? merge(out[k], v) : v;
  return out;
}

function isTable(v: unknown): v is Input {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The name the user wrote for a schema path: the variable when one set it (or set a list it is
 * in); the file's key when the file has the table around it; else the variable that would set it
 * (a key missing where only variables were given); else the key.
 */
function namer(section: SectionName, fileInput: unknown, vars: EnvVar[], set: EnvVar[]) {
  return (path: readonly PropertyKey[]): string => {
    // a mailbox's variables are for the first one
    const own = section !== 'imap' ? path.map(String) : path[0] === 0 ? path.slice(1).map(String) : null;
    if (own) {
      const hit = set.filter((v) => v.path.every((s, i) => own[i] === s)).sort((a, b) => b.path.length - a.path.length)[0];
      if (hit) return hit.name;
      if (!hasTable(fileInput, path.slice(0, -1))) {
        const v = vars.find((x) => x.path.length === own.length && x.path.every((s, i) => own[i] === s));
        if (v) return v.name;
      }
    }
    return keyName(section, path);
  };
}

function hasTable(input: unknown, path: readonly PropertyKey[]): boolean {
  let v = input;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return !!v && typeof v === 'object';
}

/** An error about a key of the file says which file. */
function inFile(err: unknown, file: string | undefined): unknown {
  if (!(err instanceof ConfigError) || !file || !err.setting || err.setting.startsWith('REBOUND_')) return err;
  return new ConfigError(err.detail, err.setting, file);
}
