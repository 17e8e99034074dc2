// What the receivers of services authenticated by a secret set on the webhook share.
import type { WebhookCredentials } from '../../events/verify/credentials.js';
import type { EventBody } from '../../parse/events/types.js';

interface CredentialSettings {
  username?: string;
  password?: string;
  token?: string;
  tokenHeader: string;
}

export function hasCredentials(s: CredentialSettings): boolean {
  return (s.username !== undefined && s.password !== undefined) || s.token !== undefined;
}

export function credentialsOf(s: CredentialSettings): WebhookCredentials {
  return {
    ...(s.username !== undefined && s.password !== undefined ? { basic: { username: s.username, password: s.password } } : {}),
    ...(s.token !== undefined ? { token: { header: s.tokenHeader, value: s.token } } : {}),
  };
}

/**
 * Unsubscribes: with `suppress`, kept like any event (counted once by its id) and each new one
 * suppressed by the route; else counted as ignored.
 */
export function withUnsubscribes(got: EventBody, mode: 'ignore' | 'suppress'): EventBody {
  const unsubscribes = got.unsubscribes ?? [];
  if (mode !== 'suppress') return { ...got, ignored: got.ignored + unsubscribes.length, unsubscribes: [] };
  return { ...got, events: [...got.events, ...unsubscribes] };
}
