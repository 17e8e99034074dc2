// The receivers of the providers whose credentials are configured.
import type { EventsSettings } from '../../config/events.js';
import type { EventProvider } from '../../parse/events/index.js';
import type { Receiver } from './receiver.js';
import { sesReceiver } from './ses.js';
import { sendgridReceiver } from './sendgrid.js';
import { postmarkReceiver } from './postmark.js';
import { mailgunReceiver } from './mailgun.js';
import { resendReceiver } from './resend.js';
import { sparkpostReceiver } from './sparkpost.js';
import { brevoReceiver } from './brevo.js';
import { hasCredentials } from './credentials.js';

export function configuredReceivers(s: EventsSettings): Map<EventProvider, Receiver> {
  const out = new Map<EventProvider, Receiver>();
  const add = (r: Receiver) => out.set(r.provider, r);
  if (s.ses.topicArns.length) add(sesReceiver(s.ses));
  if (s.sendgrid.publicKey) add(sendgridReceiver({ ...s.sendgrid, publicKey: s.sendgrid.publicKey }));
  if (s.postmark.username && s.postmark.password) add(postmarkReceiver({ ...s.postmark, username: s.postmark.username, password: s.postmark.password }));
  if (s.mailgun.signingKey) add(mailgunReceiver({ ...s.mailgun, signingKey: s.mailgun.signingKey }));
  if (s.resend.secret) add(resendReceiver({ ...s.resend, secret: s.resend.secret }));
  if (hasCredentials(s.sparkpost)) add(sparkpostReceiver(s.sparkpost));
  if (hasCredentials(s.brevo)) add(brevoReceiver(s.brevo));
  return out;
}
