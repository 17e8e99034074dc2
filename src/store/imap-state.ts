// The IMAP pollers' position per mailbox (see migrations/0002-imap-state.ts).
import type { Store } from './open.js';
import type { ImapStateRow } from './schema.js';
import { firstSync, runSync } from './sync.js';

export function getImapState(store: Store, mailbox: string): ImapStateRow | undefined {
  return firstSync(store, store.db.selectFrom('imap_state').selectAll().where('mailbox', '=', mailbox));
}

export function putImapState(store: Store, mailbox: string, uidvalidity: number, lastUid: number, at: Date): void {
  const row = { mailbox, uidvalidity, last_uid: lastUid, updated_at: at.toISOString() };
  runSync(
    store,
    store.db
      .insertInto('imap_state')
      .values(row)
      .onConflict((oc) => oc.column('mailbox').doUpdateSet({ uidvalidity, last_uid: lastUid, updated_at: row.updated_at })),
  );
}
