// Mailgun: the signature block is in the body, so the body is read first; a body Mailgun should
// never send again is a 406 (Mailgun stops retrying on it), a bad signature a 401/403 (it retries,
// which a fixed key then accepts). Its signature does not cover the event, so each token is good
// for one event id within the window: the tokens used are kept in the store (through its port), so
// neither a restart nor another host serving the same store takes a replay.
import type { EventsSettings } from '../../config/events.js';
import { mailgun, readMailgunBody } from '../../parse/events/mailgun.js';
import { tokenExpiry, verifyMailgun } from '../../events/verify/mailgun.js';
import { HttpError } from '../errors.js';
import { type Receiver, orRefuse, readBody } from './receiver.js';

const NOT_ACCEPTABLE = 406;

export function mailgunReceiver(s: EventsSettings['mailgun'] & { signingKey: string }): Receiver {
  return {
    provider: 'mailgun',
    malformedStatus: NOT_ACCEPTABLE,
    async receive({ body, now, port }) {
      const text = body.toString('utf8');
      const b = readBody('mailgun', () => readMailgunBody(text), NOT_ACCEPTABLE);
      orRefuse(verifyMailgun(s.signingKey, b.signature, now, s.toleranceSeconds), 'mailgun');
      const use = await port.useEventToken('mailgun', b.signature.token, b['event-data'].id, now, tokenExpiry(b.signature.timestamp, s.toleranceSeconds));
      if (use === 'replay') {
        throw new HttpError(403, 'forbidden', 'mailgun: this signature token was already used for another event (a replay)');
      }
      return readBody('mailgun', () => mailgun.split(text, null), NOT_ACCEPTABLE);
    },
  };
}
