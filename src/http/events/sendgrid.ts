// SendGrid: the signature first (ECDSA over timestamp + body), then the batch.
import type { EventsSettings } from '../../config/events.js';
import { sendgrid } from '../../parse/events/sendgrid.js';
import { SENDGRID_SIGNATURE, SENDGRID_TIMESTAMP, sendgridKey, verifySendgrid } from '../../events/verify/sendgrid.js';
import { type Receiver, header, orRefuse, readBody } from './receiver.js';
import { withUnsubscribes } from './credentials.js';

export function sendgridReceiver(s: EventsSettings['sendgrid'] & { publicKey: string }): Receiver {
  const key = sendgridKey(s.publicKey);
  return {
    provider: 'sendgrid',
    receive({ headers, body, now }) {
      orRefuse(verifySendgrid(key, header(headers, SENDGRID_SIGNATURE), header(headers, SENDGRID_TIMESTAMP), body, now, s.toleranceSeconds), 'sendgrid');
      // unsubscribes kept like any event (counted once by sg_event_id) when configured
      return withUnsubscribes(readBody('sendgrid', () => sendgrid.split(body.toString('utf8'), null)), s.unsubscribes);
    },
  };
}
