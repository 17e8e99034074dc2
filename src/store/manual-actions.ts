// The log of `rebound suppress` / `unsuppress`: kept so that a replay of an address's history
// (after a reparse) honours what a person decided.
import type { Store } from './open.js';
import type { ManualActionRow } from './schema.js';
import { allSync, runSync } from './sync.js';

export function insertManualAction(store: Store, row: Omit<ManualActionRow, 'id' | 'actor'> & { actor?: string | null }): number {
  return runSync(store, store.db.insertInto('manual_actions').values(row)).lastInsertRowid;
}

export function manualActionsOf(store: Store, address: string): ManualActionRow[] {
  const q = store.db.selectFrom('manual_actions').selectAll().where('address', '=', address).orderBy('at').orderBy('id');
  return allSync(store, q);
}
