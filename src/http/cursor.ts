// Opaque paging cursors: base64url of a small JSON value (where the last page ended). Clients pass
// `nextCursor` back as `cursor`; anything else is a 400.
import { HttpError } from './errors.js';

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<T>(cursor: string, valid: (v: unknown) => v is T): T {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    v = undefined;
  }
  if (!valid(v)) throw new HttpError(400, 'invalid_query', 'cursor: not a cursor this API gave (pass nextCursor back unchanged)', 'cursor');
  return v;
}
