// What the per-section settings files share: reading REBOUND_<SECTION>_<KEY> variables into the
// shape of a zod schema, and turning the first zod issue into a ConfigError that names the key
// (or variable), the value given (masked for secrets) and what was expected.
import type { z } from 'zod';
import { ConfigError } from './error.js';

export type EnvKind = 'string' | 'int' | 'number' | 'bool' | 'list';

/** One environment variable and the schema path it sets. */
export interface EnvVar {
  name: string;
  path: string[];
  kind: EnvKind;
}

/** Key names whose values are never printed (in errors, or by a `config print`). */
export const SECRET_KEYS: ReadonlySet<string> = new Set(['token', 'secret', 'pass', 'password', 'accessToken', 'signingKey']);

/**
 * The settings given by environment variables, as a partial input for the schema. Unset or empty
 * variables are left out (their defaults hold). Throws ConfigError naming a variable whose text
 * is not of its kind.
 */
export function inputFromEnv(env: NodeJS.ProcessEnv, vars: readonly EnvVar[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const v of vars) {
    const text = env[v.name]?.trim();
    if (!text) continue;
    setPath(input, v.path, readValue(v, text));
  }
  return input;
}

function readValue(v: EnvVar, text: string): unknown {
  const shown = () => (isSecret(v.path) ? '(hidden)' : JSON.stringify(text));
  switch (v.kind) {
    case 'string':
      return text;
    case 'list':
      return text.split(',').map((s) => s.trim()).filter(Boolean);
    case 'bool': {
      const t = text.toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(t)) return true;
      if (['0', 'false', 'no', 'off'].includes(t)) return false;
      throw new ConfigError(`got ${shown()}, expected true or false`, v.name);
    }
    case 'int':
    case 'number': {
      const ok = v.kind === 'int' ? /^-?\d+$/.test(text) : /^-?(\d+\.?\d*|\.\d+)$/.test(text);
      const n = Number(text);
      if (!ok || !Number.isFinite(n) || (v.kind === 'int' && !Number.isSafeInteger(n))) {
        throw new ConfigError(`got ${shown()}, expected ${v.kind === 'int' ? 'a whole number' : 'a number'}`, v.name);
      }
      return n;
    }
  }
}

export function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let o = target;
  for (const key of path.slice(0, -1)) o = (o[key] ??= {}) as Record<string, unknown>;
  o[path[path.length - 1]!] = value;
}

export function isSecret(path: readonly PropertyKey[]): boolean {
  return path.some((p) => typeof p === 'string' && SECRET_KEYS.has(p));
}

/** `section.key.sub[0]` */
export function keyName(section: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : `${s}.${String(p)}`), section);
}

/**
 * Validate one section; throws a ConfigError for the first problem, naming the key (`nameOf`
 * turns a schema path into what the user wrote), the value and what was expected.
 */
export function parseSection<S extends z.ZodType>(
  schema: S,
  input: unknown,
  nameOf: (path: readonly PropertyKey[]) => string,
): z.output<S> {
  const r = schema.safeParse(input, { reportInput: true });
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    throw new ConfigError(`unknown key (a misspelling?)`, nameOf([...issue.path, key]));
  }
  // a custom (cross-field) issue carries the whole object as its input: take the key's own value
  const given = issue.code === 'custom' ? valueAt(input, issue.path) : (issue as { input?: unknown }).input;
  if (given === undefined && issue.code === 'invalid_type') throw new ConfigError('not set: required', nameOf(issue.path));
  const shown = given === undefined ? 'not set' : `got ${isSecret(issue.path) ? '(hidden)' : JSON.stringify(given)}`;
  throw new ConfigError(`${shown}: ${lowerFirst(issue.message)}`, nameOf(issue.path));
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
