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
