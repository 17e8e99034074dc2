// The keys of a settings schema, found by walking its zod shape: what the environment variables
// are generated from, and what the example file is checked against. Wrappers that do not change
// what a key holds (default, optional, prefault, nullable, a pipe's input side of a transform)
// are looked through; the kind of value is read from the leaf type.
import type { z } from 'zod';
import type { EnvKind } from './settings.js';

export interface SchemaKey {
  /** e.g. ['commit', 'windowMs'] */
  path: string[];
  /** how its value is written in a variable; `tables` is a list of tables (no variable) */
  kind: EnvKind | 'tables';
  /** the key lies inside a list of tables (`export.files[].path`): not settable from a variable */
  inList: boolean;
}

// zod 4 keeps what we need in `_zod.def`; the types do not say so for a plain ZodType
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
}
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The schema without the wrappers that keep its kind. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    const d = defOf(s);
    if ((d.type === 'default' || d.type === 'optional' || d.type === 'prefault' || d.type === 'nullable') && d.innerType) s = d.innerType;
    else if (d.type === 'pipe' && d.in) s = d.in;
    else return s;
  }
}

/** The leaf keys of an object schema (a list of objects: the keys of its element, `inList`). */
export function schemaKeys(schema: z.ZodType, prefix: string[] = [], inList = false): SchemaKey[] {
  const s = unwrap(schema);
  const d = defOf(s);
  if (d.type === 'array' && d.element && defOf(unwrap(d.element)).type === 'object') {
    return schemaKeys(d.element, prefix, true);
  }
  if (d.type !== 'object' || !d.shape) throw new Error(`not an object schema at ${prefix.join('.') || '(top)'}`);
  const keys: SchemaKey[] = [];
  for (const [name, child] of Object.entries(d.shape)) {
    const path = [...prefix, name];
    const c = unwrap(child);
    const cd = defOf(c);
    if (cd.type === 'object') keys.push(...schemaKeys(c, path, inList));
    else if (cd.type === 'array' && cd.element && defOf(unwrap(cd.element)).type === 'object') {
      keys.push({ path, kind: 'tables', inList }, ...schemaKeys(cd.element, path, true));
    } else keys.push({ path, kind: leafKind(c, path), inList });
  }
  return keys;
}

function leafKind(s: z.ZodType, path: string[]): EnvKind {
  const d = defOf(s);
  switch (d.type) {
    case 'string':
    case 'enum':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return (s as unknown as { isInt?: boolean }).isInt ? 'int' : 'number';
    case 'array':
      return 'list';
    default:
      throw new Error(`${path.join('.')}: a ${d.type} cannot be read from a variable`);
  }
}
