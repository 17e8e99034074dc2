// The suppression list. An address has at most one active row at a time: not lifted and not
// expired at the moment asked about. Lifted and expired rows stay, as the address's history.
import type { Store } from './open.js';
import type { SelectQueryBuilder } from 'kysely';
import type { Database, NewSuppression, SuppressionRow, SuppressionType } from './schema.js';
import { allSync, firstSync, insertRow, runSync, statement, updateRow } from './sync.js';
import { noteSuppression } from './rollups-at-commit.js';

const ACTIVE_ONE =
  'select * from suppressions where address = ? and lifted_at is null and (expires_at is null or expires_at > ?) ' +
  'order by id desc limit 1';

export function activeSuppression(store: Store, address: string, at: string): SuppressionRow | undefined {
  return statement(store, ACTIVE_ONE).get(address, at) as SuppressionRow | undefined;
}

/** Every active row (normally one; the replay and `unsuppress` lift them all). */
export function activeSuppressions(store: Store, address: string, at: string): SuppressionRow[] {
  const q = store.db
    .selectFrom('suppressions')
    .selectAll()
    .where('address', '=', address)
    .where('lifted_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
    .orderBy('id');
  return allSync(store, q);
}

export function getSuppression(store: Store, id: number): SuppressionRow | undefined {
  return firstSync(store, store.db.selectFrom('suppressions').selectAll().where('id', '=', id));
}

export function insertSuppression(store: Store, row: NewSuppression): number {
  const id = insertRow(store, 'suppressions', row)!;
  noteSuppression(store, row);
  return id;
}

export type SuppressionPatch = Partial<Omit<SuppressionRow, 'id' | 'address' | 'domain'>>;

export function updateSuppression(store: Store, id: number, patch: SuppressionPatch): void {
  updateRow(store, 'suppressions', 'id', id, patch);
}

export function suppressionsOf(store: Store, address: string): SuppressionRow[] {
  return allSync(store, store.db.selectFrom('suppressions').selectAll().where('address', '=', address).orderBy('id'));
}

export function deleteSuppressionsOf(store: Store, address: string): void {
  runSync(store, store.db.deleteFrom('suppressions').where('address', '=', address));
}

export interface ActiveFilter {
  at: string;
  types?: SuppressionType[];
  /** suppressed at or after */
  since?: string;
  /** ASCII domain */
  domain?: string;
}

function activeQuery(store: Store, f: ActiveFilter) {
  return whereActive(store.db.selectFrom('suppressions').selectAll(), f);
}

/**
 * The rows of `q` (suppressions) active at `f.at` and matching the filter. Plain Kysely: the
 * PostgreSQL store filters its pages with it too (pg/read.ts).
 */
export function whereActive<Q extends SelectQueryBuilder<Database, 'suppressions', SuppressionRow>>(q: Q, f: ActiveFilter): Q {
  let r = q
    .where('lifted_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', f.at)]));
  if (f.types && f.types.length) r = r.where('type', 'in', f.types);
  if (f.since) r = r.where('suppressed_at', '>=', f.since);
  if (f.domain) r = r.where('domain', '=', f.domain);
  return r as Q;
}

/** Where a page of the active suppressions ends: the next page starts after it. */
export interface PagePosition {
  address: string;
  id: number;
}

/** One page of the active suppressions in address order, after `after` (keyset paging). */
export function activeSuppressionsPage(store: Store, f: ActiveFilter, after: PagePosition | null, limit: number): SuppressionRow[] {
  return allSync(store, pageQuery(store, f, after, limit));
}

/** The query behind a page (exported for its plan to be checked). */
export function pageQuery(store: Store, f: ActiveFilter, after: PagePosition | null, limit: number) {
  let q = activeQuery(store, f);
  // a row value: SQLite seeks the (address, id) index to it (an OR of the two conditions would scan
  // the index from its start for every page)
  if (after) q = q.where((eb) => eb(eb.refTuple('address', 'id'), '>', eb.tuple(after.address, after.id)));
  return q.orderBy('address').orderBy('id').limit(limit);
}

export async function countActiveSuppressions(store: Store, at: string): Promise<Record<string, number>> {
  const rows = await store.db
    .selectFrom('suppressions')
    .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
    .where('lifted_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
    .groupBy('type')
    .orderBy('type')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]));
}
