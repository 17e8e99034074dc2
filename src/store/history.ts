// Everything stored about one address, for `rebound show`.
import type { Store } from './open.js';
import type { BounceRow } from './schema.js';
import { statement } from './sync.js';

export interface BounceWithSource extends BounceRow {
  source: string;
  source_ref: string | null;
  subject: string | null;
}

export function bouncesWithSource(store: Store, address: string): BounceWithSource[] {
  return statement(
    store,
    'select b.*, m.source, m.source_ref, m.subject from bounces b join messages m on m.id = b.message_id ' +
      'where b.recipient = ? order by b.event_at, b.id',
  ).all(address) as BounceWithSource[];
}

/** Sender-side blocks recorded for a domain since a time, by reason. */
export function domainReasonCounts(store: Store, domain: string, since: string, reasons: readonly string[]): Array<{ reason: string; count: number }> {
  if (reasons.length === 0) return [];
  return statement(
    store,
    `select reason, count(*) as count from bounces where domain = ? and event_at >= ? and reason in (${reasons.map(() => '?').join(', ')}) ` +
      'group by reason order by count desc, reason',
  ).all(domain, since, ...reasons) as Array<{ reason: string; count: number }>;
}

export interface BounceFilter {
  /** normalised address */
  address?: string;
  /** events at or after */
  since?: string;
  /** only this reason */
  reason?: string;
  /** the page starts after this record id */
  afterId?: number;
  limit: number;
}

/** Records with their message's source, in id order (the order they were written), one page. */
export function listBounces(store: Store, f: BounceFilter): BounceWithSource[] {
  const where: string[] = ['b.id > ?'];
  const args: unknown[] = [f.afterId ?? 0];
  if (f.address) {
    where.push('b.recipient = ?');
    args.push(f.address);
  }
  if (f.reason) {
    where.push('b.reason = ?');
    args.push(f.reason);
  }
  if (f.since) {
    where.push('b.event_at >= ?');
    args.push(f.since);
  }
  return statement(
    store,
    'select b.*, m.source, m.source_ref, m.subject from bounces b join messages m on m.id = b.message_id ' +
      `where ${where.join(' and ')} order by b.id limit ?`,
  ).all(...args, f.limit) as BounceWithSource[];
}
