// Resend: the Svix signature over id, timestamp and body, then the event (its id: svix-id).
import type { EventsSettings } from '../../config/events.js';
import { resend } from '../../parse/events/resend.js';
import { svixKey, verifySvix } from '../../events/verify/svix.js';
import { type Receiver, header, orRefuse, readBody } from './receiver.js';

export function resendReceiver(s: EventsSettings['resend'] & { secret: string }): Receiver {
  const key = svixKey(s.secret);
  return {
    provider: 'resend',
    receive({ headers, body, now }) {
      const id = header(headers, 'svix-id');
      const svix = { id, timestamp: header(headers, 'svix-timestamp'), signature: header(headers, 'svix-signature') };
      orRefuse(verifySvix(key, svix, body, now, s.toleranceSeconds), 'resend');
      return readBody('resend', () => resend.split(body.toString('utf8'), id ?? null));
    },
  };
}
