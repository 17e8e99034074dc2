// Brevo: the credentials set on the webhook (HTTP Basic, or a bearer token), then the event or the
// batch; unsubscribes are kept and suppressed only when configured (as SendGrid's).
import type { EventsSettings } from '../../config/events.js';
import { brevo } from '../../parse/events/brevo.js';
import { verifyCredentials } from '../../events/verify/credentials.js';
import { credentialsOf, withUnsubscribes } from './credentials.js';
import { type Receiver, orRefuse, readBody } from './receiver.js';

export function brevoReceiver(s: EventsSettings['brevo']): Receiver {
  const c = credentialsOf(s);
  return {
    provider: 'brevo',
    receive({ headers, body }) {
      orRefuse(verifyCredentials(c, headers), 'brevo');
      return withUnsubscribes(readBody('brevo', () => brevo.split(body.toString('utf8'), null)), s.unsubscribes);
    },
  };
}
