// Mailgun: the signature block is in the body, so the body is read first; a body Mailgun should
// never send again is a 406 (Mailgun stops retrying on it), a bad signature a 401/403 (it retries,
// which a fixed key then accepts). Its signature does not cover the event, so each token is good
// for one event id within the window (TokenCache).
import type { EventsSettings } from '../../config/events.js';
import { mailgun, readMailgunBody } from '../../parse/events/mailgun.js';
import { TokenCache, verifyMailgun } from '../../events/verify/mailgun.js';
import { HttpError } from '../errors.js';
import { type Receiver, orRefuse, readBody } from './receiver.js';

const NOT_ACCEPTABLE = 406;

export function mailgunReceiver(s: EventsSettings['mailgun'] & { signingKey: string }): Receiver {
  const tokens = new TokenCache(s.toleranceSeconds);
  return {
    provider: 'mailgun',
    malformedStatus: NOT_ACCEPTABLE,
    receive({ body, now }) {
      const text = body.toString('utf8');
      const b = readBody('mailgun', () => readMailgunBody(text), NOT_ACCEPTABLE);
      orRefuse(verifyMailgun(s.signingKey, b.signature, now, s.toleranceSeconds), 'mailgun');
      if (!tokens.use(b.signature.token, b['event-data'].id, now)) {
        throw new HttpError(403, 'forbidden', 'mailgun: this signature token was already used for another event (a replay)');
      }
      return readBody('mailgun', () => mailgun.split(text, null), NOT_ACCEPTABLE);
    },
  };
}
