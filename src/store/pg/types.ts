// How PostgreSQL's values read back, so that a row from PostgreSQL is the same as one from SQLite
// (src/store/schema.ts): times as ISO-8601 UTC strings (`toISOString()`), which sort and compare
// as text; bigint ids and counts as numbers (ids stay far below 2^53). Set on this pool's clients
// only, not node-postgres's global table, so another pool in the process is left as it is.
import pg from 'pg';

const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;
const INT8 = 20;
const NUMERIC = 1700;

/** a time in UTC as the session writes it when its time zone is UTC: `2024-05-06 10:00:00[.123456]+00` */
const UTC_TEXT = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;

/** `2024-05-06 10:00:00.123+00` (the session's DateStyle ISO) → `2024-05-06T10:00:00.123Z` */
export function isoOfTimestamp(text: string): string {
  // the common case rewritten as text (every time of every row read passes here, and a Date made
  // and printed for each was a tenth of a lookup's CPU); milliseconds cut, as Date does
  const m = UTC_TEXT.exec(text);
  if (m) return `${m[1]}T${m[2]}.${m[3] === undefined ? '000' : (m[3] + '00').slice(0, 3)}Z`;
  return isoOfAnyTimestamp(text);
}

/** Any other offset, or none (a `timestamp` column), through Date. */
export function isoOfAnyTimestamp(text: string): string {
  const iso = text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  const d = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(d.getTime()) ? text : d.toISOString();
}

export const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMPTZ || oid === TIMESTAMP) return isoOfTimestamp;
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as never);
  },
} as unknown as pg.CustomTypesConfig;
