// Reading a service's JSON against the zod schema of its documented shape: the first problem
// becomes an EventFormatError naming the field (`bouncedRecipients[0].emailAddress`).
import type { z } from 'zod';
import { EventFormatError } from './types.js';

export function parseJson(text: string, field = 'body'): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new EventFormatError(field, `not JSON (${(err as Error).message})`);
  }
}

export function readPayload<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), prefix);
  throw new EventFormatError(path || 'body', issue.message.charAt(0).toLowerCase() + issue.message.slice(1));
}

/**
 * The text of each element of a JSON array as it was sent, so that each event of a batch is kept
 * with its own bytes rather than re-serialised. `text` must have parsed as JSON already; null when
 * it is not an array (the caller then serialises each element itself).
 */
export function jsonArrayItems(text: string): string[] | null {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== 0x5b /* [ */) return null;
  i = skipSpace(text, i + 1);
  const out: string[] = [];
  if (text.charCodeAt(i) === 0x5d /* ] */) return out;
  let start = i;
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // to the closing quote: one not escaped by an odd run of backslashes
      for (;;) {
        const q = text.indexOf('"', i + 1);
        if (q < 0) return null;
        let b = q - 1;
        while (text.charCodeAt(b) === 0x5c /* \ */) b--;
        i = q;
        if ((q - 1 - b) % 2 === 0) break;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) depth++;
    else if (depth > 0 && (c === 0x7d /* } */ || c === 0x5d /* ] */)) depth--;
    else if (depth === 0 && (c === 0x2c /* , */ || c === 0x5d /* ] */)) {
      out.push(text.slice(start, i).trimEnd());
      if (c === 0x5d) return out;
      start = i = skipSpace(text, i + 1);
      i--;
    }
  }
  return null;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}
