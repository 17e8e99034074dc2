// Per-address soft-bounce state, as the policy left it.
import type { Store } from './open.js';
import type { SoftStateRow } from './schema.js';
import { runSync, statement } from './sync.js';

export function getSoftState(store: Store, address: string): SoftStateRow | undefined {
  return statement(store, 'select * from soft_state where address = ?').get(address) as SoftStateRow | undefined;
}

export function putSoftState(store: Store, row: SoftStateRow): void {
  statement(
    store,
    'insert into soft_state (address, events, total, last_reason, last_event_at, cleared_at) values (?, ?, ?, ?, ?, ?) ' +
      'on conflict (address) do update set events = excluded.events, total = excluded.total, ' +
      'last_reason = excluded.last_reason, last_event_at = excluded.last_event_at, cleared_at = excluded.cleared_at',
  ).run(row.address, row.events, row.total, row.last_reason, row.last_event_at, row.cleared_at);
}

export function deleteSoftState(store: Store, address: string): void {
  runSync(store, store.db.deleteFrom('soft_state').where('address', '=', address));
}
