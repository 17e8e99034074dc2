// How PostgreSQL's values read back, so that a row from PostgreSQL is the same as one from SQLite
// (src/store/schema.ts): times as ISO-8601 UTC strings (`toISOString()`), which sort and compare
// as text; bigint ids and counts as numbers (ids stay far below 2^53). Set on this pool's clients
// only, not node-postgres's global table, so another pool in the process is left as it is.
import pg from 'pg';

const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;
const INT8 = 20;
const NUMERIC = 1700;

/** `2024-05-06 10:00:00.123+00` (the session's DateStyle ISO) → `2024-05-06T10:00:00.123Z` */
export function isoOfTimestamp(text: string): string {
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
