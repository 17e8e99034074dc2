// Per-recipient records: one row per (message, recipient), written by the pipeline.
import type { Store } from './open.js';
import type { BounceRow, NewBounce } from './schema.js';
import { allSync, firstSync, insertRow, runSync } from './sync.js';
import { noteBounce } from './rollups-at-commit.js';

/** Insert a record; null when this (message, recipient) is already recorded. */
export function insertBounce(store: Store, row: NewBounce): number | null {
  const id = insertRow(store, 'bounces', row, true);
  if (id !== null) noteBounce(store, row);
  return id;
}

export function bouncesOfMessage(store: Store, messageId: number): BounceRow[] {
  return allSync(store, store.db.selectFrom('bounces').selectAll().where('message_id', '=', messageId).orderBy('id'));
}

export function deleteBouncesOfMessage(store: Store, messageId: number): void {
  runSync(store, store.db.deleteFrom('bounces').where('message_id', '=', messageId));
}

/** Every record of an address, oldest first: the events its policy state is made of. */
export function bouncesOfAddress(store: Store, address: string): BounceRow[] {
  const q = store.db.selectFrom('bounces').selectAll().where('recipient', '=', address).orderBy('event_at').orderBy('id');
  return allSync(store, q);
}

export function getBounce(store: Store, id: number): BounceRow | undefined {
  return firstSync(store, store.db.selectFrom('bounces').selectAll().where('id', '=', id));
}
