// Rule files (`[classify] rules = [...]`): TOML with `[[phrase]]` and `[[provider]]` tables, read
// and checked at start like the configuration. Anything wrong (a file that cannot be read, bad TOML,
// an unknown key or reason, an invalid or unsafe pattern) is a ConfigError naming the file, the line
// and what is wrong; the CLI exits with status 2. Each rule keeps where it was written
// (`rules/local.toml:7`): that is what a record names as the rule that decided it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { z } from 'zod';
import { ConfigError } from './error.js';
import { BOUNCE_TYPES, SMTP_COMMANDS } from '../vocabulary/index.js';
import { reasonSchema as reason } from './reason.js';
import { unsafePattern } from '../classify/safe-pattern.js';
import type { UserPhrase, UserProvider, UserRules } from '../classify/user-rules.js';

const hostName = z
  .string()
  .trim()
  .toLowerCase()
  .transform((h) => h.replace(/^[@.]+|\.$/g, ''))
  .refine((h) => /^[a-z0-9-]+(?:\.[a-z0-9-]+)*$/.test(h), 'expected a host or domain name, such as esempio.it');
const pattern = z.string().superRefine((p, ctx) => {
  const why = unsafePattern(p);
  if (why) ctx.addIssue({ code: 'custom', message: `pattern refused: ${why}` });
});

const phraseSchema = z
  .strictObject({
    reason,
    text: z.string().trim().min(1).toLowerCase().optional(),
    pattern: pattern.optional(),
    commands: z.array(z.string().toUpperCase().pipe(z.enum(SMTP_COMMANDS))).min(1).optional(),
    status: z.string().regex(/^[245](?:\.\d{1,3}(?:\.\d{1,3})?)?$/, 'expected a status class, subject or code: "5", "5.2" or "5.2.2"').optional(),
    provider: hostName.optional(),
    type: z.enum(BOUNCE_TYPES).optional(),
  })
  .refine((p) => (p.text === undefined) !== (p.pattern === undefined), 'give either text (a substring) or pattern (a regular expression)');

const providerSchema = z.strictObject({
  name: z.string().min(1).optional(),
  hosts: z.array(hostName).min(1),
  codes: z.record(z.string().min(1), reason).refine((c) => Object.keys(c).length > 0, 'give at least one code = "reason"'),
});

const fileSchema = z.strictObject({
  phrase: z.array(phraseSchema).default([]),
  provider: z.array(providerSchema).default([]),
});

/** Read and check the rule files, in order; `cwd` resolves relative paths (ids keep them as written). */
export function loadRuleFiles(paths: readonly string[], cwd = process.cwd()): UserRules {
  const phrases: UserPhrase[] = [];
  const providers: UserProvider[] = [];
  for (const path of paths) {
    const one = readRuleFile(path, cwd);
    phrases.push(...one.phrases);
    providers.push(...one.providers);
  }
  return { phrases, providers };
}

export function readRuleFile(path: string, cwd = process.cwd()): UserRules {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (err) {
    throw new ConfigError(`${path}: cannot read the rule file: ${(err as Error).message}`, undefined, path);
  }
  return parseRuleText(text, path);
}

/** The rules in a rule file's text; `name` is how ids and errors name the file. */
export function parseRuleText(text: string, name: string): UserRules {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    if (!(err instanceof TomlError)) throw err;
    const what = err.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    throw new ConfigError(`${name}:${err.line}: not valid TOML: ${what}`, undefined, name);
  }
  const lines = new LineFinder(text);
  const got = fileSchema.safeParse(doc);
  if (!got.success) {
    const issue = got.error.issues[0]!;
    const [table, index, key, sub] = issue.path;
    const line = typeof table === 'string' && typeof index === 'number' ? lines.of(table, index, key === undefined ? undefined : String(key), sub === undefined ? undefined : String(sub)) : lines.top(String(table ?? ''));
    const where = [table, index === undefined ? undefined : `#${Number(index) + 1}`, key, sub].filter((p) => p !== undefined).join(' ');
    throw new ConfigError(`${name}:${line}: ${where ? `${where}: ` : ''}${issue.message}`, undefined, name);
  }
  const phrases = got.data.phrase.map((p, i): UserPhrase => {
    const { pattern: source, ...rest } = p;
    return { id: `${name}:${lines.of('phrase', i)}`, ...rest, ...(source !== undefined ? { pattern: new RegExp(source, 'iu') } : {}) };
  });
  const providers = got.data.provider.map((p, i): UserProvider => ({
    id: `${name}:${lines.of('provider', i)}`,
    name: p.name ?? p.hosts[0]!,
    hosts: p.hosts,
    codes: Object.entries(p.codes).map(([code, r]) => ({ id: `${name}:${lines.of('provider', i, 'codes', code)}`, code: code.toLowerCase(), reason: r })),
  }));
  return { phrases, providers };
}

/** Where a table or key was written: TOML parsers do not say, so the text is searched. */
class LineFinder {
  private readonly lines: string[];
  constructor(text: string) {
    this.lines = text.split(/\r?\n/);
  }

  /** the line of the n-th `[[table]]` header, or of a key in it (or in one of its sub-tables) */
  of(table: string, n: number, key?: string, sub?: string): number {
    const header = new RegExp(`^\\s*\\[\\[\\s*${table}\\s*\\]\\]`);
    let seen = -1;
    let start = -1;
    for (let i = 0; i < this.lines.length; i++) {
      if (header.test(this.lines[i]!) && ++seen === n) {
        start = i;
        break;
      }
    }
    if (start < 0) return 1;
    if (key === undefined) return start + 1;
    const quoted = (k: string) => `(?:${escape(k)}|"${escape(k)}"|'${escape(k)}')`;
    const wanted = sub !== undefined ? [new RegExp(`^\\s*${quoted(sub)}\\s*=`), new RegExp(`^\\s*${quoted(key)}\\.${quoted(sub)}\\s*=`)] : [new RegExp(`^\\s*${quoted(key)}\\s*[=.]`)];
    for (let i = start + 1; i < this.lines.length && !header.test(this.lines[i]!) && !/^\s*\[\[/.test(this.lines[i]!); i++) {
      if (wanted.some((re) => re.test(this.lines[i]!))) return i + 1;
      // `codes = { "X" = "y" }` on one line
      if (sub !== undefined && new RegExp(`^\\s*${quoted(key)}\\s*=.*${quoted(sub)}\\s*=`).test(this.lines[i]!)) return i + 1;
    }
    return start + 1;
  }

  /** the line of a top-level key or table */
  top(key: string): number {
    const i = this.lines.findIndex((l) => new RegExp(`^\\s*(?:\\[{1,2}\\s*)?${escape(key)}\\b`).test(l));
    return i < 0 ? 1 : i + 1;
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
