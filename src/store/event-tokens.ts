// Signature tokens of sending services that sign a token rather than the body (Mailgun). A token is
// good for one event: the same event again (a retry) is fine, another event under it is a replay.
import type { Store } from './open.js';
import { statement, transaction } from './sync.js';

/** The outcome of using a token: `fresh` (first use), `same` (again for the same event), `replay` (another event). */
export type TokenUse = 'fresh' | 'same' | 'replay';

/** Use `token` for `eventId` until `expiresAt` (unix seconds); expired tokens are deleted first. One transaction. */
export function useEventToken(store: Store, provider: string, token: string, eventId: string, now: number, expiresAt: number): TokenUse {
  return transaction(store, () => {
    statement(store, 'delete from event_tokens where expires_at <= ?').run(now);
    const put = statement(store, 'insert into event_tokens (provider, token, event_id, expires_at) values (?, ?, ?, ?) on conflict do nothing');
    if (put.run(provider, token, eventId, expiresAt).changes === 1) return 'fresh';
    const had = statement(store, 'select event_id from event_tokens where provider = ? and token = ?').get(provider, token) as { event_id: string } | undefined;
    return had?.event_id === eventId ? 'same' : 'replay';
  });
}
