// The suppression list. An address has at most one active row at a time: not lifted and not
// expired at the moment asked about. Lifted and expired rows stay, as the address's history.
import type { Store } from './open.js';
import type { NewSuppression, SuppressionRow, SuppressionType } from './schema.js';
import { allSync, firstSync, insertRow, runSync, statement, updateRow } from './sync.js';

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
  return insertRow(store, 'suppressions', row)!;
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

/** The active suppressions, ordered by address: what the export writes. */
export async function listActiveSuppressions(store: Store, f: ActiveFilter): Promise<SuppressionRow[]> {
  let q = store.db
    .selectFrom('suppressions')
    .selectAll()
    .where('lifted_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', f.at)]));
  if (f.types && f.types.length) q = q.where('type', 'in', f.types);
  if (f.since) q = q.where('suppressed_at', '>=', f.since);
  if (f.domain) q = q.where('domain', '=', f.domain);
  return q.orderBy('address').orderBy('id').execute();
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
