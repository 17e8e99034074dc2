// Postmark: HTTP Basic credentials (in the webhook URL), then the record.
import type { EventsSettings } from '../../config/events.js';
import { postmark } from '../../parse/events/postmark.js';
import { verifyBasic } from '../../events/verify/basic.js';
import { type Receiver, header, orRefuse, readBody } from './receiver.js';

export function postmarkReceiver(s: { username: string; password: string } & EventsSettings['postmark']): Receiver {
  return {
    provider: 'postmark',
    receive({ headers, body }) {
      orRefuse(verifyBasic(header(headers, 'authorization'), s.username, s.password), 'postmark');
      return readBody('postmark', () => postmark.split(body.toString('utf8'), null));
    },
  };
}
