// What the service files need from the record behind a suppression: the receiving server's own
// words and reply code (Mailgun's bounces import keeps them as `error` and `code`).
import type { Store } from './open.js';
import { statement } from './sync.js';

export interface Cause {
  diagnostic: string | null;
  smtpCode: number | null;
}

/** The causes of these records, by record id (ids that are no record are left out). */
export function causesOf(store: Store, bounceIds: readonly number[]): Map<number, Cause> {
  const out = new Map<number, Cause>();
  if (bounceIds.length === 0) return out;
  // the ids as one JSON array: one prepared statement whatever their number
  const rows = statement(store, 'select id, diagnostic, smtp_code from bounces where id in (select value from json_each(?))').all(
    JSON.stringify(bounceIds),
  ) as Array<{ id: number; diagnostic: string | null; smtp_code: number | null }>;
  for (const r of rows) out.set(r.id, { diagnostic: r.diagnostic, smtpCode: r.smtp_code });
  return out;
}
