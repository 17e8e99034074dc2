// SparkPost: the credentials set on the webhook (HTTP Basic, or a token in a custom header), then
// the batch.
import type { EventsSettings } from '../../config/events.js';
import { sparkpost } from '../../parse/events/sparkpost.js';
import { verifyCredentials } from '../../events/verify/credentials.js';
import { credentialsOf } from './credentials.js';
import { type Receiver, orRefuse, readBody } from './receiver.js';

export function sparkpostReceiver(s: EventsSettings['sparkpost']): Receiver {
  const c = credentialsOf(s);
  return {
    provider: 'sparkpost',
    receive({ headers, body }) {
      orRefuse(verifyCredentials(c, headers), 'sparkpost');
      return readBody('sparkpost', () => sparkpost.split(body.toString('utf8'), null));
    },
  };
}
